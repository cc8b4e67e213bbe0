package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.testing.PageScripts;
import dev.edgecam.transport.security.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's player in real headless Chromium ({@code src/test/js/player-test.mjs}), each path on its own: WebCodecs
 * on http://127.0.0.1 (a secure context), Media Source Extensions with WebCodecs taken away, and MJPEG by the viewer's
 * choice and for a camera that sends no H.264; and the grid, whose tiles use the same player. For each: frames are painted and the picture changes, the path is
 * named, the latency and the other figures are shown, and the page survives a server restart on the same port
 * without a reload. The H.264 comes from a camera's own H.264 (a libx264 clip of testsrc2, which shows its frame
 * number, looped at 30 fps). Screenshots in {@code target/test-artifacts/player-*.png}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PlayerBrowserTest {

    private H264TestServer h264;
    private HttpTestServer jpeg;
    private EdgecamServer servers;

    @BeforeEach
    void requireBrowser() {
        PageScripts.requireBrowserTools();
    }

    @AfterEach
    void stop() {
        if (h264 != null) {
            h264.close();
        }
        if (jpeg != null) {
            jpeg.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void webCodecsPaintsTheH264OnLocalhostAndSurvivesARestart() throws Exception {
        JsonNode result = runH264("webcodecs");

        assertThat(result.get("secureContext").asBoolean()).isTrue();
        assertThat(result.get("path").asText()).isEqualTo("webcodecs");
        assertThat(result.get("pathBadge").asText()).isEqualTo("H.264 · WebCodecs");
        assertPlayedAndRecovered(result, "webcodecs");
    }

    /** Over HTTPS ({@code --tls-self-signed}) the player's socket is {@code wss://}, through the same TLS pipeline. */
    @Test
    void webCodecsPlaysOverHttpsWithTheSelfSignedCertificate(@TempDir Path certificates) throws Exception {
        ServerTls tls = ServerTls.selfSigned(certificates);
        h264 = H264TestServer.start(0, null, tls, CameraConfig.FIRST_ID);
        int port = h264.port();
        Files.createDirectories(PageScripts.ARTIFACTS);
        JsonNode result = PageScripts.run("player-test.mjs", List.of("https://127.0.0.1:" + port + "/",
                PageScripts.ARTIFACTS.resolve("https").toAbsolutePath().toString(), "webcodecs"),
                Map.of("PAGE_SELF_SIGNED", "1"), Map.of(
                        "STOP-SERVER", () -> h264.close(),
                        "START-SERVER", () -> h264 = H264TestServer.start(port, null, tls, CameraConfig.FIRST_ID)));

        assertThat(result.get("path").asText()).isEqualTo("webcodecs");
        assertPlayedAndRecovered(result, "webcodecs");
    }

    /** MSE keeps near the live edge and trims what it played: after 25 s it holds at most about 20 s of video. */
    @Test
    void mediaSourceExtensionsPlayTheH264WhereWebCodecsIsMissingAndSurviveARestart() throws Exception {
        JsonNode result = runH264("mse");

        assertThat(result.get("path").asText()).isEqualTo("mse");
        assertThat(result.get("pathBadge").asText()).isEqualTo("H.264 · MSE");
        assertThat(result.get("pathNote").asText()).contains("no WebCodecs here");
        assertThat(result.at("/mseBuffer/heldSeconds").asDouble()).as("played video trimmed after 25 s").isLessThan(21.0);
        assertThat(result.at("/mseBuffer/behindSeconds").asDouble()).as("near the live edge").isLessThan(1.2);
        assertPlayedAndRecovered(result, "mse");
    }

    /** The viewer chooses MJPEG in the Playback card: MJPEG plays, the choice is kept, a restart is survived. */
    @Test
    void mjpegPlaysWhenTheViewerChoosesItAndSurvivesARestart() throws Exception {
        jpeg = HttpTestServer.start();
        int port = jpeg.port();
        JsonNode result = run("mjpeg", port, Map.of(
                "STOP-SERVER", () -> jpeg.close(),
                "START-SERVER", () -> jpeg = HttpTestServer.start(options -> HttpOptions.defaults("127.0.0.1", port))));

        assertThat(result.get("path").asText()).isEqualTo("mjpeg");
        assertThat(result.get("pathBadge").asText()).isEqualTo("MJPEG");
        assertThat(result.get("pathNote").asText()).isEqualTo("MJPEG: chosen.");
        assertThat(result.get("choiceKept").asText()).isEqualTo("mjpeg");
        assertPlayedAndRecovered(result, "mjpeg");
        assertThat(result.get("resolution").asText()).isEqualTo("320×240");
    }

    /**
     * A camera that sends no H.264 (its H.264 encoder is the Raspberry Pi 4's, which this machine lacks, and a named
     * encoder never falls back) is shown as MJPEG after the player waited for H.264 in vain, and the page says why.
     */
    @Test
    void aCameraWithoutH264IsShownAsMjpeg() throws Exception {
        CameraConfig noH264 = new CameraConfig(CameraConfig.FIRST_ID, SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT,
                H264Settings.defaults().withEncoder(H264EncoderName.H264_V4L2M2M));
        servers = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), List.of(noH264), SecurityConfig.open());
        JsonNode result = run("fallback", servers.httpPort(), Map.of());

        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        assertThat(result.get("path").asText()).isEqualTo("mjpeg");
        assertThat(result.get("pathNote").asText()).isEqualTo("MJPEG: this camera sends no H.264.");
        assertThat(result.get("pictureChanged").asBoolean()).isTrue();
        assertThat(result.get("latencyMs").asDouble()).isBetween(0.0, 5_000.0);
        assertThat(result.get("consoleErrors")).isEmpty();
    }

    /**
     * Two H.264 cameras behind a login: the grid's tiles play them by WebCodecs too (the browser sends the login with
     * the WebSocket handshake), scaled to the tile, and a tile opens its camera's view.
     */
    @Test
    void theGridPlaysEveryH264CameraBehindALogin() throws Exception {
        HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.none());
        try {
            h264 = H264TestServer.start(0, login, "door", "till");
            Files.createDirectories(PageScripts.ARTIFACTS);
            JsonNode result = PageScripts.run("player-test.mjs", List.of("http://127.0.0.1:" + h264.port() + "/",
                    PageScripts.ARTIFACTS.toAbsolutePath().toString(), "grid"), Map.of("PAGE_LOGIN", "alice:wonderland"),
                    Map.of());

            assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
            assertThat(result.get("tilePaths")).extracting(JsonNode::asText).containsExactly("webcodecs", "webcodecs");
            assertThat(result.get("tilePictures")).extracting(JsonNode::asText).containsExactly("320x180", "320x180");
            assertThat(result.get("tilesChanged")).extracting(JsonNode::asBoolean).containsExactly(true, true);
            assertThat(result.get("singlePath").asText()).isEqualTo("webcodecs");
            assertThat(result.get("singleResolution").asText()).isEqualTo("1280×720");
            assertThat(result.get("singleH264Url").asText()).endsWith("/cam/till/h264").startsWith("ws://");
            assertThat(result.get("consoleErrors")).isEmpty();
        } finally {
            login.close();
        }
    }

    private JsonNode runH264(String scenario) throws Exception {
        h264 = H264TestServer.start(0);
        int port = h264.port();
        return run(scenario, port, Map.of(
                "STOP-SERVER", () -> h264.close(),
                "START-SERVER", () -> h264 = H264TestServer.start(port)));
    }

    private static void assertPlayedAndRecovered(JsonNode result, String path) {
        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        assertThat(result.get("pictureChanged").asBoolean()).as("the picture changes").isTrue();
        assertThat(result.get("fps").asDouble()).isPositive();
        assertThat(result.get("latencyMs").asDouble()).as("capture-to-screen latency shown").isBetween(0.0, 5_000.0);
        assertThat(result.get("bitrateMbps").asDouble()).isPositive();
        if (!path.equals("mjpeg")) {
            assertThat(result.get("resolution").asText()).isEqualTo("1280×720");
        }
        assertThat(result.get("status").asText()).isEqualTo("Live");
        assertThat(result.get("statusWhileStopped").asText()).isEqualTo("Disconnected");
        assertThat(result.get("framesAfterRestart").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(result.get("pathAfterRestart").asText()).isEqualTo(path);
        assertThat(result.get("statusAfterRestart").asText()).isEqualTo("Live");
        // While the server is stopped Chromium logs each refused connection itself; nothing else may be logged.
        assertThat(result.get("consoleErrors")).extracting(JsonNode::asText)
                .allMatch(error -> error.contains("ERR_CONNECTION_REFUSED"), "a refused connection");
    }

    private static JsonNode run(String scenario, int port, Map<String, Runnable> requests) throws Exception {
        Files.createDirectories(PageScripts.ARTIFACTS);
        return PageScripts.run("player-test.mjs", List.of("http://127.0.0.1:" + port + "/",
                PageScripts.ARTIFACTS.toAbsolutePath().toString(), scenario), Map.of(), requests);
    }
}
