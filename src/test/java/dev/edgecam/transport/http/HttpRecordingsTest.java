package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.FfmpegCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /recordings} of a real server recording its camera: the days, a day's segments with start, end, length and
 * size, and a segment downloaded byte for byte (which ffmpeg then decodes); names outside the segment form get 404.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpRecordingsTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void listsDaysAndSegmentsAndServesASegmentByteForByte() throws Exception {
        RecordConfig record = RecordConfig.continuous(dir).withSegment(Duration.ofSeconds(2)).withCodec(RecordCodec.MJPEG);
        List<CameraConfig> cameras = List.of(new CameraConfig("door", SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, record));
        try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                SecurityConfig.open())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.camera("door").recording().segments() >= 3);
            String today = LocalDate.now(ZoneOffset.UTC).toString();

            JsonNode all = json(server, "/recordings");
            assertThat(all.get("cameras").get(0).get("id").asText()).isEqualTo("door");
            assertThat(all.get("cameras").get(0).get("recording").asText()).isEqualTo("continuous");
            assertThat(all.get("cameras").get(0).get("days").get(0).asText()).isIn(today,
                    LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());

            JsonNode day = json(server, "/recordings?camera=door");
            JsonNode segments = day.get("segments");
            assertThat(segments.size()).isGreaterThanOrEqualTo(2);
            JsonNode closed = segments.get(segments.size() - 2);
            assertThat(closed.get("writing").asBoolean()).isFalse();
            assertThat(segments.get(segments.size() - 1).get("writing").asBoolean()).isTrue();
            assertThat(closed.get("durationSeconds").asDouble()).isBetween(0.5, 3.5);
            String url = closed.get("url").asText();
            assertThat(url).matches("/recordings/door/\\d{4}-\\d{2}-\\d{2}/\\d{2}-\\d{2}-\\d{2}\\.mkv");

            HttpResponse<byte[]> file = client.send(request(server, url), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).hasValue("video/x-matroska");
            Path onDisk = dir.resolve("door").resolve(url.substring("/recordings/door/".length()));
            assertThat(file.body()).isEqualTo(Files.readAllBytes(onDisk));
            Path downloaded = Files.write(dir.resolve("downloaded.mkv"), file.body());
            assertThat(FfmpegCli.decodeErrors(downloaded)).isEmpty();

            for (String bad : List.of("/recordings/door/../../etc/passwd", "/recordings/door/2026-11-30/notes.txt",
                    "/recordings/garage/2026-11-30/07-00-00.mp4", "/recordings?camera=garage")) {
                assertThat(client.send(request(server, bad), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as(bad).isEqualTo(404);
            }
        }
    }

    private JsonNode json(EdgecamServer server, String path) throws Exception {
        HttpResponse<String> response = client.send(request(server, path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static HttpRequest request(EdgecamServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
    }
}
