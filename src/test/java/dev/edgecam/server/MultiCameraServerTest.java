package dev.edgecam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.Jpegs;
import dev.edgecam.testing.LegacyTestClient;
import dev.edgecam.testing.Pictures;
import dev.edgecam.testing.TestVideos;
import dev.edgecam.wire.mjpeg.MjpegPart;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import dev.edgecam.wire.mjpeg.MjpegStreamReader;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server, three cameras at once on loopback: the test pattern at two sizes and a video file made with FFmpeg.
 * Each camera's URLs, legacy port, {@code /state} entry and metrics are its own; one camera failing does not cost
 * another's viewer a frame.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiCameraServerTest {

    private static final Size DOOR = new Size(320, 240);
    private static final Size TILL = new Size(160, 120);
    private static final Size YARD = new Size(192, 144);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Server-wide settings: loopback, a free HTTP port, no status lines (the per-camera fields are not used). */
    private static final ServerConfig LOOPBACK = ServerConfig.testPatternOnLoopback();

    private EdgecamServer server;

    @BeforeAll
    void startThreeCameras(@TempDir Path dir) throws Exception {
        Path yardVideo = TestVideos.mjpegAvi(dir.resolve("yard.avi"), YARD.width(), YARD.height(), 20, 10,
                new int[] {200, 40, 40});
        server = EdgecamServer.start(LOOPBACK, List.of(
                camera("door", SourceSpec.test(), DOOR, 0),
                camera("till", SourceSpec.test(), TILL, 0),
                camera("yard", SourceSpec.parse("file:" + yardVideo), YARD, CameraConfig.NO_LEGACY_PORT)),
                SecurityConfig.open());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static CameraConfig camera(String id, SourceSpec source, Size size, int legacyPort) {
        return new CameraConfig(id, source, size, 10, EncodeSettings.defaults(), legacyPort);
    }

    @Test
    void eachCamerasUrlsServeItsOwnFrames() throws Exception {
        assertThat(Jpegs.decode(getBytes("/cam/door/snapshot"))).isEqualTo(DOOR);
        assertThat(Jpegs.decode(getBytes("/cam/till/snapshot"))).isEqualTo(TILL);
        assertThat(Jpegs.decode(getBytes("/cam/yard/snapshot.jpg"))).isEqualTo(YARD);
        assertThat(Jpegs.decode(getBytes("/snapshot"))).as("unprefixed: the first camera").isEqualTo(DOOR);
        assertThat(Jpegs.decode(firstPart("/cam/till/stream").jpeg())).isEqualTo(TILL);
        assertThat(Jpegs.decode(firstPart("/cam/yard/stream.mjpg").jpeg())).isEqualTo(YARD);
        assertThat(Jpegs.decode(firstPart("/stream").jpeg())).isEqualTo(DOOR);
    }

    /** The file is MJPEG, passed through as it is; another size of it is decoded and encoded while watched. */
    @Test
    void anotherSizeOfAPassedThroughCamera() throws Exception {
        assertThat(Jpegs.decode(getBytes("/cam/yard/snapshot?size=96x72"))).isEqualTo(new Size(96, 72));
        assertThat(Jpegs.decode(firstPart("/cam/yard/stream?size=96x72").jpeg())).isEqualTo(new Size(96, 72));
    }

    @Test
    void mjpgStreamerNumbersTheCamerasFromZeroInConfigOrder() throws Exception {
        assertThat(Jpegs.decode(firstPart("/?action=stream_1").jpeg())).isEqualTo(TILL);
        assertThat(Jpegs.decode(firstPart("/?action=stream_0").jpeg())).isEqualTo(DOOR);
        assertThat(Jpegs.decode(getBytes("/?action=snapshot_2"))).isEqualTo(YARD);
        assertThat(Jpegs.decode(getBytes("/cam/till/?action=snapshot"))).isEqualTo(TILL);
    }

    @Test
    void anUnknownCameraGets404NamingTheCamerasThereAre() throws Exception {
        HttpResponse<String> byId = get("/cam/porch/stream");
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(byId.body()).contains("porch").contains("door, till, yard");
        HttpResponse<String> byNumber = get("/?action=snapshot_3");
        assertThat(byNumber.statusCode()).isEqualTo(404);
        assertThat(byNumber.body()).contains("door, till, yard");
        assertThat(get("/cam/door/state").statusCode()).as("only stream, snapshot and settings per camera")
                .isEqualTo(404);
    }

    @Test
    void eachCameraWithALegacyPortServesItsOwnFramesThere() throws Exception {
        assertThat(server.tcpPort()).isEqualTo(server.tcpPort("door")).isPositive();
        assertThat(server.tcpPort("till")).isPositive().isNotEqualTo(server.tcpPort("door"));
        assertThat(server.tcpPort("yard")).as("no legacy_port given").isEqualTo(-1);
        assertThat(Jpegs.decode(legacyFrame(server.tcpPort("door")))).isEqualTo(DOOR);
        assertThat(Jpegs.decode(legacyFrame(server.tcpPort("till")))).isEqualTo(TILL);
    }

    @Test
    void settingsAreEachCamerasOwn() throws Exception {
        HttpResponse<String> changed = HTTP.send(HttpRequest.newBuilder(uri("/cam/till/settings"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"quality\": 35}")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(server.camera("till").settings().quality()).isEqualTo(35);
        assertThat(server.camera("door").settings().quality()).isEqualTo(EncodeSettings.DEFAULT_QUALITY);
        assertThat(json("/cam/till/settings").get("quality").asInt()).isEqualTo(35);
        assertThat(json("/settings").get("quality").asInt()).isEqualTo(EncodeSettings.DEFAULT_QUALITY);
    }

    @Test
    void stateListsEveryCameraAndKeepsTheFirstAtTheTop() throws Exception {
        JsonNode state = json("/state");
        JsonNode cameras = state.get("cameras");
        assertThat(cameras).hasSize(3);
        assertThat(cameras.findValuesAsText("id")).containsExactly("door", "till", "yard");
        JsonNode till = cameras.get(1);
        assertThat(till.at("/source/description").asText()).isEqualTo("test pattern 160x120 at 10 fps");
        assertThat(till.at("/urls/stream").asText()).isEqualTo("/cam/till/stream");
        assertThat(till.at("/urls/legacyPort").asInt()).isEqualTo(server.tcpPort("till"));
        assertThat(till.has("encoder")).isTrue();
        assertThat(till.has("hub")).isTrue();
        assertThat(till.get("clients").isArray()).isTrue();
        assertThat(cameras.get(2).at("/source/kind").asText()).isEqualTo("file");
        assertThat(cameras.get(2).at("/urls/legacyPort").isNull()).isTrue();
        assertThat(state.at("/source/description").asText()).as("top level: the first camera")
                .isEqualTo("test pattern 320x240 at 10 fps");
    }

    @Test
    void metricsCarryTheCameraLabel() throws Exception {
        String metrics = get("/metrics").body();
        for (String id : List.of("door", "till", "yard")) {
            assertThat(metrics).contains("edgecam_source_online{camera=\"" + id + "\"} 1")
                    .contains("edgecam_clients{camera=\"" + id + "\",transport=\"http\"}")
                    .contains("edgecam_frames_captured_total{camera=\"" + id + "\"}");
        }
    }

    @Test
    void eachCamerasStatusLineNamesIt() {
        try (StatusReporter till = new StatusReporter(server.camera("till"), server.clients("till"), Duration.ofHours(1),
                true)) {
            assertThat(till.line()).startsWith("STATUS: camera till source online |");
        }
    }

    /**
     * A camera unplugged and plugged back while a viewer of another camera counts its frames: that viewer gets
     * every frame (consecutive sequence numbers), before, during and after.
     */
    @Test
    void oneCameraFailingCostsAnotherCamerasViewerNoFrame() throws Exception {
        FailOnCommandSource flaky = new FailOnCommandSource(TILL, 10);
        try (EdgecamServer pair = EdgecamServer.start(LOOPBACK, List.of(
                camera("steady", SourceSpec.test(), TILL, CameraConfig.NO_LEGACY_PORT),
                camera("flaky", SourceSpec.parse("camera:/dev/video-stand-in"), TILL, CameraConfig.NO_LEGACY_PORT)),
                SecurityConfig.open(), Map.of("flaky", flaky));
             Socket steadyViewer = openStream(pair.httpPort(), "/cam/steady/stream");
             Socket smallFlakyViewer = openStream(pair.httpPort(), "/cam/flaky/stream?size=80x60")) {
            MjpegStreamReader steady = reader(steadyViewer);
            List<Long> sequences = new ArrayList<>();
            readParts(steady, 5, sequences);
            MjpegStreamReader smallFlaky = reader(smallFlakyViewer);
            assertThat(Jpegs.decode(smallFlaky.readPart().jpeg())).isEqualTo(new Size(80, 60));

            flaky.unplug();
            await().atMost(Duration.ofSeconds(20)).until(() -> !pair.camera("flaky").status().online());
            readParts(steady, 10, sequences);
            assertThat(pair.camera("steady").status().online()).isTrue();
            MjpegPart noSignal = null;
            for (int i = 0; i < 40 && noSignal == null; i++) {
                MjpegPart part = smallFlaky.readPart();
                noSignal = part != null && Pictures.isNoSignal(part.jpeg()) ? part : null;
            }
            assertThat(noSignal).as("'no signal' for the viewer of another size too").isNotNull();
            assertThat(Jpegs.decode(noSignal.jpeg())).isEqualTo(new Size(80, 60));

            flaky.plugIn();
            await().atMost(Duration.ofSeconds(30)).until(() -> pair.camera("flaky").status().online());
            readParts(steady, 5, sequences);

            for (int i = 1; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("frame after %s", sequences.get(i - 1))
                        .isEqualTo(sequences.get(i - 1) + 1);
            }
            assertThat(pair.clients("steady").totalFramesSkipped()).isZero();
        }
    }

    /** A file that cannot be opened stops the start, naming the camera; the cameras opened before it are closed. */
    @Test
    void aCameraWhoseFileIsMissingStopsTheStartNamingIt(@TempDir Path empty) {
        Path missing = empty.resolve("missing.avi");
        assertThatThrownBy(() -> EdgecamServer.start(LOOPBACK, List.of(
                camera("front", SourceSpec.test(), TILL, CameraConfig.NO_LEGACY_PORT),
                camera("back", SourceSpec.parse("file:" + missing), TILL, CameraConfig.NO_LEGACY_PORT)),
                SecurityConfig.open()).close())
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("camera back: ")
                .hasMessageContaining(missing.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("edgecam-capture-front")));
    }

    static void readParts(MjpegStreamReader stream, int count, List<Long> sequences) throws IOException {
        for (int i = 0; i < count; i++) {
            MjpegPart part = stream.readPart();
            assertThat(part).as("the stream stays open").isNotNull();
            sequences.add(part.sequence());
        }
    }

    private MjpegPart firstPart(String target) throws IOException {
        try (Socket socket = openStream(server.httpPort(), target)) {
            MjpegPart part = reader(socket).readPart();
            assertThat(part).as("a part from %s", target).isNotNull();
            return part;
        }
    }

    static Socket openStream(int port, String target) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The reader skips the response head on its way to the first boundary. */
    static MjpegStreamReader reader(Socket socket) throws IOException {
        return new MjpegStreamReader(socket.getInputStream(), MjpegProtocol.BOUNDARY, 1 << 24);
    }

    static byte[] legacyFrame(int port) throws IOException {
        try (LegacyTestClient legacy = LegacyTestClient.connect(port)) {
            legacy.send("0");
            return legacy.readFrame(Duration.ofSeconds(10));
        }
    }

    private byte[] getBytes(String target) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", target).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String target) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String target) throws Exception {
        HttpResponse<String> response = get(target);
        assertThat(response.statusCode()).as("GET %s", target).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + target);
    }
}
