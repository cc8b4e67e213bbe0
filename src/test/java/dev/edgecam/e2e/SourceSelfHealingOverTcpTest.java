package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.Pictures;
import dev.edgecam.testing.TestVideos;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code file} source whose file disappears while a legacy client streams over a real socket: the
 * client stays connected, sees "no signal" frames, and sees video again when the file is back, without
 * reconnecting.
 */
@Timeout(90)
class SourceSelfHealingOverTcpTest {

    private static final int[] GREEN = {0, 200, 0};

    @TempDir
    Path dir;
    private EdgecamServer server;
    private Socket socket;
    private Thread reader;

    @AfterEach
    void close() throws Exception {
        if (socket != null) {
            socket.close();
        }
        if (reader != null) {
            reader.join(5_000);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStreamingClientKeepsReceivingAcrossARemovedAndRestoredFile() throws Exception {
        Path spare = TestVideos.mjpegAvi(dir.resolve("spare.avi"), 320, 240, 10, 10, GREEN);
        Path video = Files.copy(spare, dir.resolve("video.avi"));
        ServerConfig config = new ServerConfig(SourceSpec.parse("file:" + video), new Size(320, 240), 10,
                EncodeSettings.defaults(), "127.0.0.1", 0, Duration.ZERO).withHttpPort(0);
        server = EdgecamServer.start(config);

        List<byte[]> frames = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> readerEnded = new AtomicReference<>();
        socket = new Socket("127.0.0.1", server.tcpPort());
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {LegacyProtocol.Command.START_STREAM.wire(), LegacyProtocol.Command.REQUEST_FRAME.wire()});
        out.flush();
        LegacyFrameReader frameReader = new LegacyFrameReader(socket.getInputStream(), LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);
        reader = new Thread(() -> {
            try {
                byte[] frame;
                while ((frame = frameReader.readFrame()) != null) {
                    frames.add(frame);
                }
                readerEnded.set(new IOException("server closed the connection"));
            } catch (IOException e) {
                readerEnded.set(e);
            }
        }, "test-legacy-reader");
        reader.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> frames.size() >= 5);
        assertThat(Pictures.meanBgr(frames.get(frames.size() - 1))[1]).isGreaterThan(150);

        Files.delete(video);
        // The file is noticed gone at the end of its 1 s loop; then "no signal" frames arrive twice a second.
        await().atMost(Duration.ofSeconds(15)).until(() -> !server.camera().status().online());
        assertThat(server.camera().status().lastError()).contains("removed");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastIsNoSignal(frames));
        int duringOutage = frames.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= duringOutage + 3);
        assertThat(server.camera().status().lastError()).contains("does not exist");
        // /state says what happened, since when, and how often the source was retried.
        String state = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/state")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(state).contains("does not exist");
        assertThat(state.replaceAll("\\s", "")).contains("\"online\":false").contains("\"offlineSince\":\"")
                .containsPattern("\"retries\":[1-9]");

        Files.copy(spare, video, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.camera().status().online());
        await().atMost(Duration.ofSeconds(10)).until(() -> !lastIsNoSignal(frames)
                && Pictures.meanBgr(frames.get(frames.size() - 1))[1] > 150);
        assertThat(readerEnded.get()).as("the client's connection stayed up").isNull();
        assertThat(server.clients().count(TransportKind.TCP)).isEqualTo(1);
    }

    private static boolean lastIsNoSignal(List<byte[]> frames) {
        return !frames.isEmpty() && Pictures.isNoSignal(frames.get(frames.size() - 1));
    }
}
