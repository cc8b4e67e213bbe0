package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.media.RecordingStart;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.FfmpegCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /recordings/ID/clip} of a real server recording an H.264 camera (MP4) and an MJPEG one (Matroska) in
 * 2-second segments: a clip spanning segments starts at the keyframe at or before {@code from} (found by ffprobe in
 * the segments, at their recorded start times), holds exactly the segments' packets from there (MD5 by MD5: nothing
 * re-encoded), decodes with ffmpeg, and lasts the range within a group of pictures; {@code edgecam recordings --clip}
 * downloads the same; bad requests get 400 and empty ranges 404.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpRecordingClipTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void cutsAClipOnKeyframesAcrossSegmentsWithoutReencoding() throws Exception {
        RecordConfig record = RecordConfig.continuous(dir.resolve("rec")).withSegment(Duration.ofSeconds(2));
        Size size = new Size(320, 240);
        List<CameraConfig> cameras = List.of(
                new CameraConfig("door", SourceSpec.test(), size, 15, EncodeSettings.defaults(),
                        CameraConfig.NO_LEGACY_PORT, record),
                new CameraConfig("yard", SourceSpec.test(), size, 15, EncodeSettings.defaults(),
                        CameraConfig.NO_LEGACY_PORT, record.withCodec(RecordCodec.MJPEG)));
        try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                SecurityConfig.open())) {
            await().atMost(Duration.ofSeconds(40)).until(() -> server.camera("door").recording().segments() >= 5
                    && server.camera("yard").recording().segments() >= 4);
            for (String camera : List.of("door", "yard")) {
                List<Path> segments = closedSegments(server, camera);
                List<Packet> recorded = new ArrayList<>();
                for (Path segment : segments) {
                    recorded.addAll(packets(segment));
                }
                // From inside the second closed segment to inside the third: the clip spans a boundary.
                Instant from = Instant.ofEpochSecond(0, micros(segments.get(1)) * 1000).plusMillis(700);
                Instant to = Instant.ofEpochSecond(0, micros(segments.get(2)) * 1000).plusMillis(900);
                long keyBefore = recorded.stream().filter(p -> p.keyframe && p.micros <= micros(from))
                        .mapToLong(p -> p.micros).max().orElseThrow();
                long gopMicros = largestGop(recorded);

                HttpResponse<Path> answer = client.send(request(server, "/recordings/" + camera + "/clip?from=" + from
                        + "&to=" + to), HttpResponse.BodyHandlers.ofFile(dir.resolve(camera + "-clip")));
                assertThat(answer.statusCode()).as(() -> read(answer.body())).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue(camera.equals("door") ? "video/mp4"
                        : "video/x-matroska");
                Instant clipStart = Instant.parse(answer.headers().firstValue("X-Clip-Start").orElseThrow());
                assertThat(micros(clipStart)).as("the keyframe at or before from").isEqualTo(keyBefore);

                Path clip = answer.body();
                assertThat(FfmpegCli.decodeErrors(clip)).as(camera).isEmpty();
                List<String> clipHashes = FfmpegCli.packetHashes(clip);
                assertThat(clipHashes.get(0)).as("the first frame is a keyframe").contains(",K");
                List<String> recordedHashes = recorded.stream().map(p -> p.hash).toList();
                int at = Collections.indexOfSubList(recordedHashes, clipHashes);
                assertThat(at).as("the clip's packets are the recorded ones, in a row").isGreaterThanOrEqualTo(0);
                assertThat(recorded.get(at).micros).isEqualTo(keyBefore);
                double expectedSeconds = (micros(to) - keyBefore) / 1e6;
                assertThat(FfmpegCli.duration(clip)).as(camera + " duration").isBetween(
                        expectedSeconds - gopMicros / 1e6 - 0.1, expectedSeconds + 0.1);

                Path viaCli = dir.resolve(camera + (camera.equals("door") ? ".mp4" : ".mkv"));
                CommandRun run = new CommandRun();
                assertThat(run.execute("recordings", "http://127.0.0.1:" + server.httpPort(), "--camera", camera,
                        "--clip", from + ".." + to, "-o", viaCli.toString())).as(run.err()).isZero();
                assertThat(run.out()).contains("keyframe at " + clipStart);
                assertThat(FfmpegCli.packetHashes(viaCli)).isEqualTo(clipHashes);
            }
            assertThat(Files.list(dir.resolve("rec/door")).map(p -> p.getFileName().toString()))
                    .as("no clip left behind").noneMatch(name -> name.startsWith(".clip"));

            String now = Instant.now().toString();
            assertStatus(server, "/recordings/door/clip?from=" + now, 400, "'to'");
            assertStatus(server, "/recordings/door/clip?from=yesterday&to=" + now, 400, "not a UTC time");
            assertStatus(server, "/recordings/door/clip?from=" + now + "&to=" + now, 400, "after 'from'");
            assertStatus(server, "/recordings/door/clip?from=2020-01-01T00:00:00Z&to=2020-01-03T00:00:00Z", 400, "24 h");
            assertStatus(server, "/recordings/door/clip?from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z", 404,
                    "recorded nothing");
            assertStatus(server, "/recordings/garage/clip?from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z", 404,
                    "no camera 'garage'");
        }
    }

    /** One recorded packet: its wall-clock time (the file's recorded start plus its time), keyframe, and hash. */
    private record Packet(long micros, boolean keyframe, String hash) {
    }

    private static List<Packet> packets(Path file) throws Exception {
        long start = micros(file);
        List<String> hashes = FfmpegCli.packetHashes(file);
        List<String> times = FfmpegCli.ffprobe("-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of",
                "csv=p=0", file.toString()).lines().filter(line -> !line.isBlank()).toList();
        assertThat(times).hasSameSizeAs(hashes);
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            long micros = start + Math.round(Double.parseDouble(times.get(i).trim()) * 1e6);
            packets.add(new Packet(micros, hashes.get(i).contains(",K"), hashes.get(i)));
        }
        return packets;
    }

    /** The segment's first frame's time, from its {@link RecordingStart} tag. */
    private static long micros(Path segment) throws Exception {
        String comment = FfmpegCli.ffprobe("-show_entries", "format_tags=comment", "-of", "csv=p=0",
                segment.toString()).trim();
        return RecordingStart.parse(comment).orElseThrow(() -> new AssertionError(segment + " has no start: " + comment));
    }

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000 + time.getNano() / 1000;
    }

    private static long largestGop(List<Packet> packets) {
        long largest = 0;
        long last = -1;
        for (Packet p : packets) {
            if (p.keyframe) {
                largest = last < 0 ? largest : Math.max(largest, p.micros - last);
                last = p.micros;
            }
        }
        return largest;
    }

    private List<Path> closedSegments(EdgecamServer server, String camera) throws Exception {
        HttpResponse<String> listed = client.send(request(server, "/recordings?camera=" + camera),
                HttpResponse.BodyHandlers.ofString());
        List<Path> files = new ArrayList<>();
        for (JsonNode segment : new ObjectMapper().readTree(listed.body()).get("segments")) {
            if (!segment.get("writing").asBoolean()) {
                files.add(dir.resolve("rec").resolve(camera)
                        .resolve(segment.get("url").asText().substring(("/recordings/" + camera + "/").length())));
            }
        }
        assertThat(files).as(camera).hasSizeGreaterThanOrEqualTo(3);
        return files;
    }

    private void assertStatus(EdgecamServer server, String path, int status, String says) throws Exception {
        HttpResponse<String> answer = client.send(request(server, path), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.body()).as(path).contains(says);
    }

    private static String read(Path body) {
        try {
            return new String(Files.readAllBytes(body), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static HttpRequest request(EdgecamServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).build();
    }
}
