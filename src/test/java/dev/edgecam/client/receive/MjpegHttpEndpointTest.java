package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.ServedFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP MJPEG receiver against a real edgecam server's HTTP port on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MjpegHttpEndpointTest {

    @TempDir
    Path dir;

    private ServedFrames server;

    @BeforeEach
    void startServer() throws Exception {
        server = ServedFrames.startWithHttp(320, 240, 30);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void streamDeliversServedFramesWithTheServersSequenceAndCaptureTime() throws Exception {
        FrameEndpoint endpoint = endpoint("/stream");
        try (FrameReceiver stream = endpoint.openStream()) {
            ReceivedFrame previous = stream.next();
            for (int i = 0; i < 10; i++) {
                ReceivedFrame frame = stream.next();
                assertThat(server.served(frame.jpeg())).isTrue();
                assertThat(frame.sequence()).isGreaterThan(previous.sequence());
                assertThat(frame.captureEpochMicros()).isGreaterThan(previous.captureEpochMicros());
                assertThat(frame.timelineMicros()).isEqualTo(frame.captureEpochMicros());
                previous = frame;
            }
        }
    }

    @Test
    void snapshotsFromTheStreamAndFromTheSnapshotUrlAreServedFrames() throws Exception {
        assertThat(server.served(endpoint("/stream").snapshot().jpeg())).isTrue();
        assertThat(server.served(endpoint("/snapshot").snapshot().jpeg())).isTrue();
        assertThat(server.served(endpoint("/?action=stream").snapshot().jpeg())).isTrue();
    }

    @Test
    void aWrongPathIsExplained() {
        assertThatThrownBy(() -> endpoint("/nothing-here").openStream()).isInstanceOf(IOException.class)
                .hasMessageContaining("(HTTP 404): edgecam serves its stream at /stream");
    }

    @Test
    void recordCommandRecordsAnHttpStreamTimedByCaptureTime() throws Exception {
        Path file = dir.resolve("http.mkv");
        CommandRun run = new CommandRun();
        int code = run.execute("record", "http://127.0.0.1:" + server.httpPort() + "/stream", "-o", file.toString(),
                "--frames", "20");

        assertThat(code).as(run.err()).isZero();
        Recordings decoded = Recordings.decode(file);
        assertThat(decoded.frames()).isEqualTo(20);
        assertThat(decoded.width()).isEqualTo(320);
    }

    private FrameEndpoint endpoint(String path) {
        return FrameEndpoints.forAddress(ServerAddress.parse("http://127.0.0.1:" + server.httpPort() + path),
                ClientOptions.defaults());
    }
}
