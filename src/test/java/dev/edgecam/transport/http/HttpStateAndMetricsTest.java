package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /state} and {@code /metrics} parse, and count exactly what the test's own clients received. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpStateAndMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();
    private final HttpClient http = HttpTestServer.HTTP_CLIENT;

    @Test
    void stateShowsTheH264RenditionsEncoderWhileSomebodyWatchesIt() throws Exception {
        JsonNode idle = new ObjectMapper().readTree(get("/state", "application/json"));
        assertThat(idle.at("/h264/encoderOpen").asBoolean()).isFalse();
        assertThat(idle.at("/h264/encoderOpens").asLong()).isZero();
        assertThat(idle.at("/h264/keyframeIntervalSeconds").asDouble()).isEqualTo(2.0);

        try (dev.edgecam.hub.GopHub.Subscriber viewer = server.camera.h264Hub().subscribe(frame -> { })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.next() != null);
            JsonNode watched = new ObjectMapper().readTree(get("/state", "application/json"));

            assertThat(watched.at("/h264/encoder").asText()).isEqualTo("libopenh264");
            assertThat(watched.at("/h264/passthrough").asBoolean()).isFalse();
            assertThat(watched.at("/h264/encoderOpen").asBoolean()).isTrue();
            assertThat(watched.at("/h264/bitrate").asLong()).as("2M scaled to 320x240 at 15 fps, above the floor")
                    .isEqualTo(dev.edgecam.encode.H264Settings.MIN_DEFAULT_BITRATE);
            assertThat(watched.at("/h264/framesEncoded").asLong()).isPositive();
            assertThat(watched.at("/h264/meanEncodeMillis").asDouble()).isPositive();
            assertThat(watched.at("/h264/keyframesForced").asLong()).isZero();
            assertThat(watched.at("/h264/listeners").asInt()).isEqualTo(1);
            assertThat(watched.at("/h264/framesPublished").asLong()).isPositive();
            assertThat(watched.at("/encoder/framesPublished").asLong()).as("JPEGs only: nobody watches them")
                    .isEqualTo(idle.at("/encoder/framesPublished").asLong());
        }
    }

    @Test
    void stateAndMetricsCountEveryClientOfEveryTransport() throws Exception {
        int frames = 12;
        List<MjpegTestClient> streams = new ArrayList<>();
        try (Socket tcp = new Socket("127.0.0.1", server.tcp.port())) {
            streams.add(new MjpegTestClient(server.port(), "/stream"));
            streams.add(new MjpegTestClient(server.port(), "/stream.mjpg"));
            long jpegBytes = 0;
            long[] lastSequence = new long[streams.size()];
            long gapsSeen = 0; // frames the server skipped for a client that fell behind (rare; the box may be busy)
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < streams.size(); c++) { // in turn, so neither stream's socket buffer fills up
                    MjpegTestClient.Part part = streams.get(c).next();
                    jpegBytes += part.jpeg().length;
                    gapsSeen += lastSequence[c] == 0 ? 0 : part.sequence() - lastSequence[c] - 1;
                    lastSequence[c] = part.sequence();
                }
            }
            tcp.setSoTimeout(10_000);
            OutputStream out = tcp.getOutputStream();
            LegacyFrameReader reader = new LegacyFrameReader(tcp.getInputStream(), 1 << 24);
            for (int i = 0; i < 3; i++) {
                out.write(LegacyProtocol.Command.REQUEST_FRAME.wire());
                out.flush();
                jpegBytes += reader.readFrame().length;
                out.write(LegacyProtocol.Command.CONFIRM.wire());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.registry.totalFramesSent() >= 2L * frames + 3);

            JsonNode state = new ObjectMapper().readTree(get("/state", "application/json"));
            assertThat(state.at("/source/kind").asText()).isEqualTo("test");
            assertThat(state.at("/source/online").asBoolean()).isTrue();
            assertThat(state.at("/source/width").asInt()).isEqualTo(HttpTestServer.WIDTH);
            assertThat(state.at("/source/targetFps").asDouble()).isEqualTo(HttpTestServer.FPS);
            assertThat(state.at("/source/measuredFps").asDouble()).isPositive();
            assertThat(state.at("/encoder/quality").asInt()).isEqualTo(80);
            assertThat(state.at("/encoder/meanFrameBytes").asLong()).isPositive();
            assertThat(state.at("/hub/listeners").asInt()).isEqualTo(2);
            assertThat(state.at("/server/timeMicros").asLong()).isCloseTo(MjpegTestClient.nowMicros(),
                    org.assertj.core.data.Offset.offset(60_000_000L));
            JsonNode clients = state.get("clients");
            long skippedInState = 0;
            assertThat(clients).hasSize(3);
            Map<String, Integer> byTransport = new HashMap<>();
            for (JsonNode client : clients) {
                byTransport.merge(client.get("transport").asText(), 1, Integer::sum);
                assertThat(client.get("address").asText()).startsWith("127.0.0.1:");
                assertThat(client.get("since").asText()).isNotEmpty();
                assertThat(client.has("fps")).isTrue();
                skippedInState += client.get("framesSkipped").asLong();
                long sent = client.get("framesSent").asLong();
                if (client.get("transport").asText().equals("http")) {
                    assertThat(sent).isGreaterThanOrEqualTo(frames);
                    assertThat(client.get("mode").asText()).isEqualTo("stream");
                } else {
                    assertThat(sent).isEqualTo(3);
                    assertThat(client.get("mode").asText()).isIn("idle", "single");
                }
            }
            assertThat(byTransport).containsEntry("http", 2).containsEntry("tcp", 1);
            assertThat(state.at("/totals/clientsByTransport").toString()).isEqualTo("{\"tcp\":1,\"ws\":0,\"http\":2,\"rtsp\":0}");
            assertThat(skippedInState).as("every gap the clients saw is counted").isGreaterThanOrEqualTo(gapsSeen);

            Map<String, Double> metrics = parsePrometheus(get("/metrics", "text/plain"));
            assertThat(metrics.get("edgecam_clients{camera=\"cam0\",transport=\"http\"}")).isEqualTo(2.0);
            assertThat(metrics.get("edgecam_clients{camera=\"cam0\",transport=\"tcp\"}")).isEqualTo(1.0);
            assertThat(metrics.get("edgecam_frames_sent_total{camera=\"cam0\"}")).isGreaterThanOrEqualTo(2.0 * frames + 3);
            assertThat(metrics.get("edgecam_sent_bytes_total{camera=\"cam0\"}")).isGreaterThanOrEqualTo((double) jpegBytes);
            assertThat(metrics.get("edgecam_frames_skipped_total{camera=\"cam0\"}")).isGreaterThanOrEqualTo((double) skippedInState);
            assertThat(metrics.get("edgecam_frames_captured_total{camera=\"cam0\"}")).isGreaterThanOrEqualTo(metrics.get("edgecam_frames_encoded_total{camera=\"cam0\"}"));
            assertThat(metrics.get("edgecam_frames_encoded_total{camera=\"cam0\"}")).isGreaterThanOrEqualTo(frames);
            // Encoding goes on while the scrape reads the counter and the histogram one after the other.
            assertThat(metrics.get("edgecam_encode_seconds_count{camera=\"cam0\"}"))
                    .isCloseTo(metrics.get("edgecam_frames_encoded_total{camera=\"cam0\"}"), org.assertj.core.data.Offset.offset(2.0));
            assertThat(metrics.get("edgecam_encode_seconds_sum{camera=\"cam0\"}")).isPositive();
            assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("edgecam_encode_seconds_bucket{camera=\"cam0\",le="));
            assertThat(metrics.get("edgecam_source_online{camera=\"cam0\"}")).isEqualTo(1.0);
        } finally {
            for (MjpegTestClient stream : streams) {
                stream.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registry.count() == 0);
        Map<String, Double> after = parsePrometheus(get("/metrics", "text/plain"));
        assertThat(after.get("edgecam_clients{camera=\"cam0\",transport=\"http\"}")).isZero();
        assertThat(after.get("edgecam_clients{camera=\"cam0\",transport=\"tcp\"}")).as("every transport is listed, with 0")
                .isZero();
        assertThat(new ObjectMapper().readTree(get("/state", "application/json")).at("/totals/clientsByTransport")
                .toString()).isEqualTo("{\"tcp\":0,\"ws\":0,\"http\":0,\"rtsp\":0}");
        assertThat(after.get("edgecam_frames_sent_total{camera=\"cam0\"}")).as("totals keep clients that left")
                .isGreaterThanOrEqualTo(2.0 * frames + 3);
    }

    private String get(String path, String expectedType) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith(expectedType);
        return response.body();
    }

    /** Every sample line of Prometheus text, by name with labels; comments must be well-formed too. */
    static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }
}
