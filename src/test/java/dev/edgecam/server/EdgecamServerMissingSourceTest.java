package dev.edgecam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.frame.Size;
import dev.edgecam.source.AutoSource;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.FakeCameraProbe;
import dev.edgecam.testing.Jpegs;
import dev.edgecam.testing.LegacyTestClient;
import dev.edgecam.testing.Pictures;
import dev.edgecam.testing.ScriptedServer;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.mjpeg.MjpegPart;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import dev.edgecam.wire.mjpeg.MjpegStreamReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A camera or network source that cannot be opened when the server starts: the server serves anyway, shows
 * "no signal" over real sockets, says why in {@code /state}, and shows video on the same connections once
 * the source opens.
 */
@Timeout(90)
class EdgecamServerMissingSourceTest {

    /** The "no signal" picture's size when the source never said its size (NoSignalFeed.DEFAULT_SIZE). */
    private static final Size NO_SIGNAL_SIZE = new Size(640, 480);
    private static final Size CAMERA_SIZE = new Size(320, 240);
    private static final int MAX_PARTS = 400;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }

    @Test
    void aCameraMissingAtStartServesNoSignalThenVideoOnTheSameConnections() throws Exception {
        FailOnCommandSource camera = new FailOnCommandSource(CAMERA_SIZE, 10);
        camera.unplug();
        EdgecamServer server = closing(EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0),
                SecurityConfig.open(), camera));
        assertThat(server.tcpPort()).isPositive();
        assertThat(server.httpPort()).isPositive();

        JsonNode offline = state(server);
        assertThat(offline.at("/source/online").asBoolean()).isFalse();
        assertThat(offline.at("/source/kind").asText()).isEqualTo("camera");
        assertThat(offline.at("/source/lastError").asText()).contains(FailOnCommandSource.UNPLUGGED);
        assertThat(offline.at("/source/offlineSince").isTextual()).isTrue();
        assertThat(offline.at("/source/width").isNull()).as("size unknown: %s", offline.get("source")).isTrue();
        assertThat(offline.at("/source/height").isNull()).isTrue();

        // Legacy: one `0`, one frame, and it is the no-signal picture.
        LegacyTestClient legacy = closing(LegacyTestClient.connect(server.tcpPort()));
        legacy.send("0");
        byte[] single = legacy.readFrame(Duration.ofSeconds(10));
        assertThat(Jpegs.decode(single)).isEqualTo(NO_SIGNAL_SIZE);
        assertThat(Pictures.isNoSignal(single)).isTrue();
        legacy.assertNothingArrives(Duration.ofMillis(1_500));

        // HTTP: a stream of no-signal pictures, twice a second, while the camera is missing.
        MjpegStreamReader stream = openStream(server.httpPort());
        List<MjpegPart> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add(stream.readPart());
        }
        for (MjpegPart part : parts) {
            assertThat(Jpegs.decode(part.jpeg())).isEqualTo(NO_SIGNAL_SIZE);
            assertThat(Pictures.isNoSignal(part.jpeg())).isTrue();
        }
        assertThat(camera.opens()).as("the server kept trying to open the camera").isGreaterThanOrEqualTo(2);

        camera.plugIn();
        MjpegPart video = readUntilVideo(stream, parts);
        assertThat(Jpegs.decode(video.jpeg())).isEqualTo(CAMERA_SIZE);
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).sequence()).as("one sequence across the outage").isGreaterThan(parts.get(i - 1).sequence());
        }

        // The same legacy connection now gets video for its next `0`.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.camera().status().online());
        legacy.send("10");
        byte[] after = legacy.readFrame(Duration.ofSeconds(10));
        assertThat(Jpegs.decode(after)).isEqualTo(CAMERA_SIZE);
        assertThat(Pictures.isNoSignal(after)).isFalse();

        JsonNode online = state(server);
        assertThat(online.at("/source/online").asBoolean()).isTrue();
        assertThat(online.at("/source/lastError").isNull()).isTrue();
        assertThat(online.at("/source/retries").asInt()).isZero();
        assertThat(online.at("/source/width").asInt()).isEqualTo(CAMERA_SIZE.width());
        assertThat(online.at("/source/height").asInt()).isEqualTo(CAMERA_SIZE.height());
        assertThat(server.clients().count(TransportKind.TCP)).isEqualTo(1);
        assertThat(server.clients().count(TransportKind.HTTP)).isEqualTo(1);
    }

    @Test
    void aCameraPathThatIsNoDeviceLeavesTheServerUpAndSaysWhy() throws Exception {
        Path notADevice = Files.writeString(dir.resolve("video9"), "not a camera");
        EdgecamServer server = closing(EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1")
                .withSource(SourceSpec.parse("camera:" + notADevice)).withHttpPort(0)));

        JsonNode state = state(server);
        assertThat(state.at("/source/online").asBoolean()).isFalse();
        assertThat(state.at("/source/description").asText()).isEqualTo("camera " + notADevice);
        assertThat(state.at("/source/lastError").asText()).contains("cannot open camera").contains(notADevice.toString());
        assertThat(state.at("/source/width").isNull()).isTrue();
        assertThat(state.at("/source/targetFps").asDouble()).as("the rate asked of the camera").isEqualTo(10);
        assertThat(get(server, "/metrics")).contains("edgecam_source_online{camera=\"cam0\"} 0");
        assertThat(get(server, "/")).contains("<canvas");
        StatusReporter status = closing(new StatusReporter(server.camera(), server.clients(),
                Duration.ofHours(1), false));
        assertThat(status.line()).contains("source OFFLINE (cannot open camera").contains("clients 0 (tcp 0, ws 0, http 0, rtsp 0)");

        try (LegacyTestClient legacy = LegacyTestClient.connect(server.tcpPort())) {
            legacy.send("0");
            byte[] frame = legacy.readFrame(Duration.ofSeconds(10));
            assertThat(Jpegs.decode(frame)).isEqualTo(NO_SIGNAL_SIZE);
            assertThat(Pictures.isNoSignal(frame)).isTrue();
        }
    }

    /** The network camera is a second edgecam server (the test pattern over HTTP) that starts later. */
    @Test
    void aNetworkCameraThatComesUpLaterIsShownOnTheSameStream() throws Exception {
        AtomicReference<EdgecamServer> camera = new AtomicReference<>();
        ScriptedServer cameraPort = closing(ScriptedServer.start(client -> refuseUntilUp(client, camera.get())));
        String url = "http://127.0.0.1:" + cameraPort.port() + "/stream";
        EdgecamServer server = closing(EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1")
                .withSource(SourceSpec.parse(url)).withHttpPort(0)));

        JsonNode state = state(server);
        assertThat(state.at("/source/kind").asText()).isEqualTo("url");
        assertThat(state.at("/source/online").asBoolean()).isFalse();
        assertThat(state.at("/source/lastError").asText()).contains("cannot open url").contains(url);
        assertThat(state.at("/source/width").isNull()).isTrue();
        MjpegStreamReader stream = openStream(server.httpPort());
        MjpegPart first = stream.readPart();
        assertThat(Jpegs.decode(first.jpeg())).isEqualTo(NO_SIGNAL_SIZE);
        assertThat(Pictures.isNoSignal(first.jpeg())).isTrue();

        camera.set(closing(EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0))));
        MjpegPart video = readUntilVideo(stream, new ArrayList<>());
        assertThat(Jpegs.decode(video.jpeg())).isEqualTo(CAMERA_SIZE);
        JsonNode online = state(server);
        assertThat(online.at("/source/online").asBoolean()).isTrue();
        assertThat(online.at("/source/width").asInt()).isEqualTo(CAMERA_SIZE.width());
    }

    /**
     * The network camera's port, held by the test from the start, so nothing else can take it while the server under
     * test keeps connecting (a port probed free and bound later can be taken meanwhile, even by one of those very
     * connects, as its source port). Until the stand-in {@code camera} is up (null), a connection is reset at once,
     * as a port nobody listens on refuses it; then each connection is relayed to the camera's HTTP port.
     */
    private static void refuseUntilUp(Socket client, EdgecamServer camera) throws IOException {
        if (camera == null) {
            client.setSoLinger(true, 0); // closing it (ScriptedServer does) now resets the connection
            return;
        }
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), camera.httpPort())) {
            Thread requests = new Thread(() -> {
                try {
                    client.getInputStream().transferTo(upstream.getOutputStream());
                } catch (IOException closed) {
                    // One side closed: the relay ends with the response direction below.
                }
            }, "camera relay requests");
            requests.setDaemon(true);
            requests.start();
            upstream.getInputStream().transferTo(client.getOutputStream());
        }
    }

    /**
     * {@code --source auto} without a camera at start: the test pattern, and a camera plugged in later is shown on
     * the same legacy and HTTP connections. The stand-in camera is a second test pattern of another size behind an
     * injected probe (there is no USB camera here).
     */
    @Test
    void aCameraPluggedInLaterReplacesTheTestPatternOnTheSameConnections() throws Exception {
        Size cameraSize = new Size(160, 120);
        FailOnCommandSource camera = new FailOnCommandSource(cameraSize, 10);
        FakeCameraProbe probe = new FakeCameraProbe();
        ListAppender<ILoggingEvent> logLines = new ListAppender<>();
        logLines.start();
        Logger autoLog = (Logger) LoggerFactory.getLogger(AutoSource.class);
        autoLog.addAppender(logLines);
        closing(() -> autoLog.detachAppender(logLines));
        EdgecamServer server = startAuto(probe);

        JsonNode waiting = state(server);
        assertThat(waiting.at("/source/kind").asText()).isEqualTo("test");
        assertThat(waiting.at("/source/online").asBoolean()).isTrue();
        assertThat(waiting.at("/source/description").asText()).startsWith("test pattern 320x240")
                .contains("until a camera appears at " + FakeCameraProbe.WHERE);

        LegacyTestClient legacy = closing(LegacyTestClient.connect(server.tcpPort()));
        legacy.send("3");
        assertThat(Jpegs.decode(legacy.readFrame(Duration.ofSeconds(10)))).isEqualTo(CAMERA_SIZE);
        MjpegStreamReader stream = openStream(server.httpPort());
        List<MjpegPart> parts = new ArrayList<>(List.of(stream.readPart()));
        assertThat(Jpegs.decode(parts.get(0).jpeg())).isEqualTo(CAMERA_SIZE);

        probe.plugIn(camera);
        for (int i = 0; i < MAX_PARTS && Jpegs.decode(parts.get(parts.size() - 1).jpeg()).equals(CAMERA_SIZE); i++) {
            MjpegPart part = stream.readPart();
            assertThat(part).as("the stream stays open").isNotNull();
            parts.add(part);
        }
        assertThat(Jpegs.decode(parts.get(parts.size() - 1).jpeg())).as("the camera's picture on the same stream")
                .isEqualTo(cameraSize);
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).sequence()).as("one sequence across the switch").isGreaterThan(parts.get(i - 1).sequence());
        }
        Size legacySize = CAMERA_SIZE;
        for (int i = 0; i < MAX_PARTS && legacySize.equals(CAMERA_SIZE); i++) {
            legacySize = Jpegs.decode(legacy.readFrame(Duration.ofSeconds(10)));
        }
        assertThat(legacySize).as("the camera's picture on the same legacy stream").isEqualTo(cameraSize);

        JsonNode switched = state(server);
        assertThat(switched.at("/source/kind").asText()).isEqualTo("camera");
        assertThat(switched.at("/source/description").asText()).isEqualTo(camera.describe());
        assertThat(switched.at("/source/width").asInt()).isEqualTo(cameraSize.width());
        assertThat(server.clients().count(TransportKind.TCP)).isEqualTo(1);
        assertThat(server.clients().count(TransportKind.HTTP)).isEqualTo(1);
        assertThat(logLines.list).filteredOn(line -> line.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains("switching to it from the test pattern").contains(FakeCameraProbe.WHERE);
    }

    @Test
    void stateFollowsTheSwitchToACameraWhileNobodyWatches() throws Exception {
        FailOnCommandSource camera = new FailOnCommandSource(new Size(160, 120), 10);
        FakeCameraProbe probe = new FakeCameraProbe();
        EdgecamServer server = startAuto(probe);
        assertThat(state(server).at("/source/kind").asText()).isEqualTo("test");
        probe.plugIn(camera);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(server).at("/source/kind").asText().equals("camera"));
        assertThat(state(server).at("/source/description").asText()).isEqualTo(camera.describe());
        assertThat(state(server).at("/hub/latestSequence").asLong()).as("nobody watched, nothing encoded").isZero();
    }

    /** A server on {@code --source auto} with no camera at start: the test pattern at {@link #CAMERA_SIZE} until {@code probe} finds one. */
    private EdgecamServer startAuto(FakeCameraProbe probe) throws Exception {
        ServerConfig config = TestServers.smallTestPattern("127.0.0.1").withSource(SourceSpec.auto()).withHttpPort(0);
        return closing(EdgecamServer.start(config, SecurityConfig.open(),
                new AutoSource(new TestPatternSource(CAMERA_SIZE, 10), probe, Duration.ofMillis(200))));
    }

    @Test
    void theTestPatternsSizeIsInStateBeforeAnyFrame() throws Exception {
        EdgecamServer server = closing(EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0)));
        JsonNode state = state(server);
        assertThat(state.at("/hub/latestSequence").asLong()).as("nobody watched, nothing encoded").isZero();
        assertThat(state.at("/source/width").asInt()).isEqualTo(320);
        assertThat(state.at("/source/height").asInt()).isEqualTo(240);
    }

    /** Reads parts, adding each to {@code seen}, until one is not the no-signal picture; at most {@link #MAX_PARTS}. */
    private static MjpegPart readUntilVideo(MjpegStreamReader stream, List<MjpegPart> seen) throws IOException {
        for (int i = 0; i < MAX_PARTS; i++) {
            MjpegPart part = stream.readPart();
            assertThat(part).as("the stream stays open").isNotNull();
            seen.add(part);
            if (!Pictures.isNoSignal(part.jpeg())) {
                return part;
            }
        }
        throw new AssertionError("no video on the same stream within " + MAX_PARTS + " parts");
    }

    private MjpegStreamReader openStream(int port) throws IOException {
        Socket socket = closing(new Socket("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        // The reader skips the response head on its way to the first boundary.
        return new MjpegStreamReader(socket.getInputStream(), MjpegProtocol.BOUNDARY, 1 << 24);
    }

    private JsonNode state(EdgecamServer server) throws Exception {
        return new ObjectMapper().readTree(get(server, "/state"));
    }

    private String get(EdgecamServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }
}
