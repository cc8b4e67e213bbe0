package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.PageScripts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live page in real headless Chromium (Debian's {@code chromium}), driven by Playwright from
 * {@code src/test/js/page-test.mjs}: the picture changes, the numbers are live, the snapshot button downloads a
 * JPEG, the settings apply; the layout fits at 1280 px and on a phone; an offline source's reason and read-only
 * settings are shown; the page says when the server is gone and recovers when it is back. Keeps its screenshots
 * in {@code target/test-artifacts/} ({@code page.png}, {@code page-1280.png}, {@code page-phone.png}, ...). A server
 * of several cameras gets a grid of them, each tile a link to that camera's single view ({@code grid-1280.png}).
 *
 * <p>Needs {@code /usr/bin/chromium}, {@code node} and {@code npm ci} run in {@code src/test/js} ({@code .ci/run}
 * does both). Without them the test is skipped locally, but fails when {@code CI=true}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PageBrowserTest {

    private static final Size FULL_HD = new Size(1920, 1080);

    private HttpTestServer server;
    /** The server of several cameras, for the tests of the grid. */
    private EdgecamServer cameras;

    @BeforeEach
    void start() {
        PageScripts.requireBrowserTools();
        server = shownAt640x360(HttpTestServer.start(FULL_HD, 15));
    }

    /**
     * A full-HD source shown at 640x360, so that the page may choose any of its sizes, up to 1920x1080, without
     * upscaling (PUT /settings refuses sizes above the source's).
     */
    private static HttpTestServer shownAt640x360(HttpTestServer fullHd) {
        fullHd.camera.updateSettings(EncodeSettings.defaults().withOutputSize(new Size(640, 360)));
        return fullHd;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (cameras != null) {
            cameras.close();
        }
    }

    /**
     * Three cameras: door and till are test patterns of two sizes and aspect ratios, gone is a camera missing from the
     * start. The grid shows a tile for each, at a small size of its own aspect ratio, the missing one's reason in
     * words; a tile opens its camera's single view (only its stream open), whose settings change that camera only;
     * the back button returns to the grid, and #cam=door opens door's view directly.
     */
    @Test
    void aServerOfSeveralCamerasOpensOnAGridAndATileOpensThatCamerasView() throws Exception {
        server.close();
        server = null;
        cameras = startThreeCameras(ServerConfig.testPatternOnLoopback());
        cameras.camera("till").updateSettings(EncodeSettings.defaults().withQuality(70));
        JsonNode result = runPageScript("http://127.0.0.1:" + cameras.httpPort() + "/", null, "grid", Map.of());

        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        JsonNode tiles = result.get("tiles");
        assertThat(tiles.findValuesAsText("id")).containsExactly("door", "till", "gone");
        assertThat(tiles.get(0).get("picture").asText()).as("320 px wide, door's 16:9").isEqualTo("320x180");
        assertThat(tiles.get(1).get("picture").asText()).as("320 px wide, till's 4:3").isEqualTo("320x240");
        assertThat(tiles.get(2).get("frames").asInt()).as("the missing camera's 'no signal' pictures").isPositive();
        assertThat(tiles.findValuesAsText("badge")).containsExactly("Live", "Live", "Offline");
        assertThat(tiles.get(0).get("source").asText()).isEqualTo("test pattern 640x360 at 10 fps");
        assertThat(tiles.get(1).get("fps").asText()).endsWith(" fps");
        assertThat(tiles.get(2).get("reason").asText()).contains("cannot open").contains(FailOnCommandSource.UNPLUGGED);
        assertThat(tiles.get(0).get("reason").asText()).isEmpty();
        assertThat(result.get("singleViewHiddenInGrid").asBoolean()).isTrue();
        assertThat(result.get("streamsInGrid")).as("one stream per tile").isEqualTo(streams(1, 1, 1));

        assertThat(result.at("/layout/1280")).as("overflowing boxes at 1280 px").isEmpty();
        assertThat(result.at("/layout/phone")).as("overflowing boxes on a phone").isEmpty();
        assertThat(result.at("/layout/1280Columns").asInt()).isEqualTo(3);
        assertThat(result.at("/layout/phoneColumns").asInt()).isEqualTo(1);
        assertThat(ImageIO.read(Path.of(result.at("/layout/phoneScreenshot").asText()).toFile()).getWidth())
                .isEqualTo(390);

        assertThat(result.get("singleResolution").asText()).isEqualTo("480×360");
        assertThat(result.get("singleQuality").asInt()).as("till's settings").isEqualTo(70);
        assertThat(result.get("singleSource").asText()).startsWith("till · test pattern 480x360");
        assertThat(result.get("singleStreamUrl").asText()).endsWith("/cam/till/stream");
        assertThat(result.get("backLinkShown").asBoolean()).isTrue();
        assertThat(result.get("streamsInSingle")).as("only till's stream").isEqualTo(streams(0, 1, 0));
        assertThat(result.get("singlePhoneLayout")).as("overflowing boxes on a phone, one camera's view").isEmpty();
        assertThat(result.at("/settingsAfter/till/quality").asInt()).isEqualTo(35);
        assertThat(result.at("/settingsAfter/till/outputSize").asText()).isEqualTo("320x180");
        assertThat(result.at("/settingsAfter/till/h264Bitrate").asLong()).as("the page's H.264 bitrate").isEqualTo(500_000);
        assertThat(cameras.camera("till").h264Settings().bitrate()).isEqualTo(500_000);
        for (String other : List.of("door", "gone")) {
            assertThat(result.at("/settingsAfter/" + other + "/quality").asInt()).as(other)
                    .isEqualTo(EncodeSettings.DEFAULT_QUALITY);
            assertThat(result.at("/settingsAfter/" + other + "/h264Bitrate").asLong()).as(other).isZero();
            assertThat(result.at("/settingsAfter/" + other + "/outputSize").isNull()).as(other).isTrue();
        }
        assertThat(cameras.camera("till").settings().quality()).isEqualTo(35);
        assertThat(cameras.camera("door").settings().quality()).isEqualTo(EncodeSettings.DEFAULT_QUALITY);

        assertThat(result.get("tilesAfterBack").findValuesAsText("id")).containsExactly("door", "till", "gone");
        assertThat(result.get("streamsAfterBack")).isEqualTo(streams(1, 1, 1));
        assertThat(result.get("bookmarkedResolution").asText()).isEqualTo("640×360");
        assertThat(result.get("bookmarkedGridHidden").asBoolean()).isTrue();
        assertThat(result.get("consoleErrors")).isEmpty();
    }

    /**
     * The grid's other views work as the one camera's page does: when the server is gone the grid says so and its
     * tiles wait, and when it is back they paint again without a reload; a camera's view shows read-only settings.
     */
    @Test
    void theGridSaysWhenTheServerIsGoneAndRecoversAndACamerasViewShowsReadOnlySettings() throws Exception {
        server.close();
        server = null;
        ServerConfig readOnly = ServerConfig.testPatternOnLoopback().withSettingsReadOnly(true);
        cameras = startThreeCameras(readOnly);
        int port = cameras.httpPort();
        JsonNode result = runPageScript("http://127.0.0.1:" + port + "/", null, "grid-restart", Map.of(
                "STOP-SERVER", () -> cameras.close(),
                "START-SERVER", () -> cameras = startThreeCameras(readOnly.withHttpPort(port))));

        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        assertThat(result.get("statusWhileStopped").asText()).isEqualTo("Disconnected");
        assertThat(result.get("gridMessageWhileStopped").asText()).contains("the server does not answer");
        assertThat(result.get("tileFramesAfterRestart")).hasSize(3).allMatch(frames -> frames.asInt() >= 3);
        assertThat(result.get("gridMessageShownAfterRestart").asBoolean()).isFalse();
        assertThat(result.get("streamsAfterRestart")).isEqualTo(streams(1, 1, 1));
        assertThat(result.get("singleResolution").asText()).isEqualTo("640×360");
        assertThat(result.get("settingsDisabled").asBoolean()).isTrue();
        assertThat(result.get("settingsBadgeShown").asBoolean()).isTrue();
        assertThat(cameras.httpPort()).isEqualTo(port);
    }

    /** door and till: test patterns of 640x360 and 480x360; gone: a camera missing from the start. */
    private static EdgecamServer startThreeCameras(ServerConfig config) {
        FailOnCommandSource missing = new FailOnCommandSource(new Size(320, 240), 10);
        missing.unplug();
        try {
            return EdgecamServer.start(config, List.of(
                    camera("door", SourceSpec.test(), new Size(640, 360)),
                    camera("till", SourceSpec.test(), new Size(480, 360)),
                    camera("gone", SourceSpec.parse("camera:/dev/video-stand-in"), new Size(320, 240))),
                    SecurityConfig.open(), Map.of("gone", missing));
        } catch (SourceException e) {
            throw new AssertionError("test patterns and a stand-in camera always start", e);
        }
    }

    private static CameraConfig camera(String id, SourceSpec source, Size size) {
        return new CameraConfig(id, source, size, 10, EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT);
    }

    /** /state's count of streams per camera, as page-test.mjs reports it. */
    private static JsonNode streams(int door, int till, int gone) {
        return new ObjectMapper().valueToTree(Map.of("door", door, "till", till, "gone", gone));
    }

    @Test
    void thePageShowsTheLivePictureNumbersSnapshotAndSettings() throws Exception {
        JsonNode result = runPageScript(server.uri("/").toString());

        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        assertThat(result.get("pictureChanged").asBoolean()).as("the picture changes over time").isTrue();
        assertThat(result.get("framesAfter").asInt()).isGreaterThanOrEqualTo(result.get("framesBefore").asInt() + 10);
        assertThat(result.get("fps").asDouble()).isPositive();
        assertThat(result.get("latencyMs").asDouble()).isBetween(0.0, 10_000.0);
        assertThat(result.get("clients").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("resolution").asText()).isEqualTo("640×360");
        assertThat(result.get("sourceFps").asText()).endsWith("/ 15 fps");
        assertThat(result.get("consoleErrors")).isEmpty();
        assertThat(result.get("gridShown").asBoolean()).as("one camera: no grid").isFalse();
        assertThat(result.get("backLinkShown").asBoolean()).isFalse();

        Path screenshot = Path.of(result.get("screenshot").asText());
        assertThat(ImageIO.read(screenshot.toFile()).getWidth()).isEqualTo(1440);

        assertThat(result.get("snapshotIsJpeg").asBoolean()).isTrue();
        assertThat(result.get("snapshotName").asText()).startsWith("edgecam-").endsWith(".jpg");
        BufferedImage snapshot = ImageIO.read(Path.of(result.get("snapshotPath").asText()).toFile());
        assertThat(snapshot.getWidth()).isEqualTo(640);
        assertThat(snapshot.getHeight()).isEqualTo(360);

        // /state names the size as captured, not as shown; the page offers no upscaling and no cap above 15 fps.
        assertThat(result.get("sourceSize").asText()).isEqualTo("1920x1080");
        assertThat(result.get("sizesOffered")).extracting(JsonNode::asText)
                .containsExactly("", "1920x1080", "1280x720", "960x540", "640x360", "320x180");
        assertThat(result.get("capsOffered")).extracting(JsonNode::asText).doesNotContain("20", "25", "30", "60")
                .contains("0", "5", "15");
        assertThat(result.get("resolutionAfterSettings").asText()).isEqualTo("320×180");
        assertThat(result.get("settingsNote").asText()).contains("anyone on this network can make them");

        assertThat(result.at("/layout/1280")).as("overflowing boxes at 1280 px").isEmpty();
        assertThat(result.at("/layout/phone")).as("overflowing boxes on a phone").isEmpty();
        assertThat(ImageIO.read(Path.of(result.at("/layout/phoneScreenshot").asText()).toFile()).getWidth()).isEqualTo(390);
    }

    @Test
    void anOfflineSourceSaysWhyInWordsAndReadOnlySettingsCannotBeChanged() throws Exception {
        server.close();
        server = HttpTestServer.startWithCameraMissing(options -> options.withSettingsReadOnly(true));
        JsonNode result = runPageScript(server.uri("/").toString(), null, "offline-read-only", Map.of());

        assertThat(result.get("sourceNotice").asText()).contains("Source offline").contains("cannot open test camera unplugged");
        assertThat(result.get("status").asText()).isEqualTo("Source offline");
        assertThat(result.get("settingsDisabled").asBoolean()).isTrue();
        assertThat(result.get("settingsBadgeShown").asBoolean()).isTrue();
        assertThat(result.get("settingsNote").asText()).contains("--read-only-settings");
        assertThat(result.get("snapshotEnabled").asBoolean()).as("a snapshot changes nothing for others").isTrue();
        assertThat(result.get("phoneLayout")).as("overflowing boxes on a phone").isEmpty();
        assertThat(result.get("consoleErrors")).isEmpty();
    }

    @Test
    void thePageSaysWhenTheServerIsGoneAndRecoversWhenItIsBack() throws Exception {
        int port = server.port();
        JsonNode result = runPageScript(server.uri("/").toString(), null, "restart", Map.of(
                "STOP-SERVER", () -> server.close(),
                "START-SERVER", () -> server = HttpTestServer.start(options -> HttpOptions.defaults("127.0.0.1", port))));

        assertThat(result.get("controlsDisabledWhileConnected").asBoolean()).isFalse();
        assertThat(result.get("statusWhileStopped").asText()).isEqualTo("Disconnected");
        assertThat(result.get("messageWhileStopped").asText()).contains("the server does not answer");
        assertThat(result.get("controlsDisabledWhileStopped").asBoolean()).isTrue();
        assertThat(result.get("framesAfterRestart").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(result.get("statusAfterRestart").asText()).isEqualTo("Live");
        assertThat(result.get("controlsDisabledAfterRestart").asBoolean()).isFalse();
        assertThat(server.port()).isEqualTo(port);
    }

    @Test
    void thePageKeepsWorkingBehindALoginAfterTheBrowserAsksOnce() throws Exception {
        server.close();
        HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.none());
        server = shownAt640x360(HttpTestServer.startWithLogin(FULL_HD, 15, login));
        try {
            JsonNode result = runPageScript(server.uri("/").toString(), "alice:wonderland");
            assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
            assertThat(result.get("statusWithoutLogin").asInt()).isEqualTo(401);
            // Stream, state, snapshot and settings all worked with the one login.
            assertThat(result.get("framesAfter").asInt()).isGreaterThanOrEqualTo(result.get("framesBefore").asInt() + 10);
            assertThat(result.get("clients").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(result.get("snapshotIsJpeg").asBoolean()).isTrue();
            assertThat(result.get("resolutionAfterSettings").asText()).isEqualTo("320×180");
        } finally {
            login.close();
        }
    }

    private JsonNode runPageScript(String url) throws IOException, InterruptedException {
        return runPageScript(url, null, "live", Map.of());
    }

    private JsonNode runPageScript(String url, String login) throws IOException, InterruptedException {
        return runPageScript(url, login, "live", Map.of());
    }

    /**
     * @param login {@code USER:PASSWORD} the browser is given when the server asks, or null
     * @param scenario what the script checks (see page-test.mjs)
     * @param requests what to do when the script prints one of these lines; the script then gets "done" on stdin
     */
    private JsonNode runPageScript(String url, String login, String scenario, Map<String, Runnable> requests)
            throws IOException, InterruptedException {
        // The login run keeps its files apart, so page.png stays the screenshot of the page as most people see it.
        Path artifacts = login == null ? PageScripts.ARTIFACTS : PageScripts.ARTIFACTS.resolve("behind-login");
        Files.createDirectories(artifacts);
        return PageScripts.run("page-test.mjs", List.of(url, artifacts.toAbsolutePath().toString(), scenario),
                login == null ? Map.of() : Map.of("PAGE_LOGIN", login), requests);
    }
}
