package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.CommandRun;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code edgecam bench ws://…/h264} for real: an in-process server on loopback encodes its 30 fps test pattern to H.264
 * (the encoder this machine has), and the bench's WebSocket clients take every frame of the page's H.264 path as the
 * MJPEG clients take every JPEG: the report has the same figures, and its own group name.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchCommandWebSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EdgecamServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private void startTestPattern() throws Exception {
        server = EdgecamServer.start(ServerConfig.testPatternOnLoopback().withSize(new Size(320, 240), 30));
    }

    @Test
    void threeAnnexbClientsGetTheSourceRateFromAKeyframeWithLatencyAndTheServersCpu() throws Exception {
        startTestPattern();
        long pid = ProcessHandle.current().pid();
        CommandRun run = new CommandRun();

        int exit = run.execute("bench", "ws://127.0.0.1:" + server.httpPort() + "/h264", "--clients", "3",
                "--duration", "3s", "--warmup", "1s", "--server-pid", Long.toString(pid), "--json");

        assertThat(exit).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        // A frame that is no keyframe first, or after a gap, would be a failure: none means every client began at one.
        assertThat(report.get("failures").size()).as(run.out()).isZero();
        assertThat(report.get("groups")).hasSize(1);
        JsonNode ws = report.get("groups").get(0);
        assertThat(ws.get("transport").asText()).isEqualTo("ws/annexb");
        assertThat(ws.get("receiving").asInt()).isEqualTo(3);
        // The test pattern runs at 30 fps (its rate from /state); a loaded machine may give fewer, never far more.
        double published = report.get("publishedFps").asDouble();
        assertThat(published).as("from /state beside the ws target").isBetween(10.0, 35.0);
        assertThat(ws.get("fps").get("median").asDouble()).as(run.out()).isBetween(published * 0.8, 35.0);
        assertThat(ws.get("skipped").asLong()).as("sequence gaps").isBetween(0L, 30L);
        assertThat(ws.get("latencyMillis").get("p50").asDouble()).as("capture to receipt").isBetween(0.0, 2_000.0);
        assertThat(ws.get("latencyMillis").get("p99").asDouble()).isGreaterThanOrEqualTo(ws.get("latencyMillis").get("p50").asDouble());
        assertThat(ws.get("bytesPerSecond").asDouble()).isGreaterThan(1_000);
        assertThat(ws.get("firstFrameMillis").get("max").asDouble()).isPositive().isLessThan(10_000.0);
        assertThat(report.get("server").get("total").get("microsPerFrame").asDouble()).isPositive();
    }

    @Test
    void fmp4ClientsOfACameraPathGetFramesWithLatencyFromTheFragmentsPrftCaptureTime() throws Exception {
        startTestPattern();
        CommandRun run = new CommandRun();

        int exit = run.execute("bench", "ws://127.0.0.1:" + server.httpPort() + "/cam/" + CameraConfig.FIRST_ID
                + "/h264?format=fmp4", "--clients", "2", "--duration", "2s", "--warmup", "0s", "--json");

        assertThat(exit).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("failures").size()).as(run.out()).isZero();
        JsonNode ws = report.get("groups").get(0);
        assertThat(ws.get("transport").asText()).isEqualTo("ws/fmp4");
        assertThat(ws.get("receiving").asInt()).isEqualTo(2);
        assertThat(ws.get("fps").get("median").asDouble()).as(run.out()).isBetween(8.0, 35.0);
        assertThat(ws.get("latencyMillis").get("p50").asDouble()).isBetween(0.0, 2_000.0);
    }

    @Test
    void aMixedRunReportsTheHttpAndTheWsGroupAndBoth() throws Exception {
        startTestPattern();
        CommandRun run = new CommandRun();

        int exit = run.execute("bench", "http://127.0.0.1:" + server.httpPort() + "/stream",
                "ws://127.0.0.1:" + server.httpPort() + "/h264", "--clients", "4", "--duration", "2s", "--warmup", "0s",
                "--json");

        assertThat(exit).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("failures").size()).as(run.out()).isZero();
        JsonNode groups = report.get("groups");
        assertThat(groups).extracting(g -> g.get("transport").asText()).containsExactly("http", "ws/annexb", "all");
        for (JsonNode group : groups) {
            assertThat(group.get("receiving").asInt()).as(group.toString()).isEqualTo(group.get("clients").asInt());
            assertThat(group.get("latencyMillis").get("p50").isNull()).as(group.toString()).isFalse();
        }
        assertThat(groups.get(2).get("clients").asInt()).isEqualTo(4);
    }

    @Test
    void aBadPathIsNamedWithWhereTheH264Is() throws Exception {
        startTestPattern();
        CommandRun run = new CommandRun();
        String unknown = "ws://127.0.0.1:" + server.httpPort() + "/cam/nosuch/h264";

        int exit = run.execute("bench", unknown, "--duration", "200ms", "--warmup", "0s", "--connect-timeout", "5s");

        assertThat(exit).isEqualTo(1);
        assertThat(run.out()).contains(unknown + " refused the WebSocket handshake (HTTP 404")
                .contains("ws://HOST:PORT/h264 or /cam/ID/h264");
        assertThat(run.err()).contains("no client received a frame");

        CommandRun notH264 = new CommandRun();
        assertThat(notH264.execute("bench", "ws://127.0.0.1:" + server.httpPort() + "/stream")).isEqualTo(2);
        assertThat(notH264.err()).contains("Invalid target:", "is not the page's H.264 WebSocket");
    }

    /** A camera whose H.264 encoder is the Raspberry Pi's (missing here, and a named encoder never falls back). */
    @Test
    void aServerWithoutH264IsNamedWithWhatToDo() throws Exception {
        CameraConfig noH264 = new CameraConfig(CameraConfig.FIRST_ID, SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT,
                H264Settings.defaults().withEncoder(H264EncoderName.H264_V4L2M2M));
        server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), List.of(noH264), SecurityConfig.open());
        CommandRun run = new CommandRun();
        String url = "ws://127.0.0.1:" + server.httpPort() + "/h264";

        int exit = run.execute("bench", url, "--duration", "200ms", "--warmup", "0s", "--connect-timeout", "4s");

        assertThat(exit).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains(url).contains("does this camera make H.264?", "bench its MJPEG at /stream");
    }
}
