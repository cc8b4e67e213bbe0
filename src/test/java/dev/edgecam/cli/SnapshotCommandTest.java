package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.ScriptedServer;
import dev.edgecam.testing.ServedFrames;
import dev.edgecam.testing.TestJpegs;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesExactlyTheJpegTheServerServedAndSaysWhere() throws Exception {
        Path file = dir.resolve("shot.jpg");
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            CommandRun run = new CommandRun();
            int code = run.execute("snapshot", "127.0.0.1:" + server.port(), "-o", file.toString());

            assertThat(code).as(run.err()).isZero();
            assertThat(server.served(Files.readAllBytes(file))).isTrue();
            assertThat(run.out()).contains("saved 320x240 JPEG").contains(file.toAbsolutePath().toString());
        }
    }

    @Test
    void refusesBytesThatAreNotAJpegAndWritesNothing() throws Exception {
        byte[] text = "hello, this is no picture".getBytes(StandardCharsets.US_ASCII);
        assertRefusedAndNothingWritten(text, "the 25 bytes it sent are not a JPEG picture (they do not start with "
                + "the JPEG start-of-image marker FF D8); nothing was saved");
    }

    @Test
    void refusesAPictureCutShortAndWritesNothing() throws Exception {
        byte[] jpeg = TestJpegs.quadrants(320, 240, 0);
        assertRefusedAndNothingWritten(Arrays.copyOf(jpeg, jpeg.length - 100), "end-of-image marker FF D9: the picture is cut short");
    }

    /** A legacy server answers the snapshot's {@code 0} with {@code payload}, correctly framed. */
    private void assertRefusedAndNothingWritten(byte[] payload, String message) throws Exception {
        Path file = dir.resolve("shot.jpg");
        try (ScriptedServer server = ScriptedServer.start(client -> {
            if (client.getInputStream().read() == '0') {
                client.getOutputStream().write(LegacyProtocol.header(payload.length));
                client.getOutputStream().write(payload);
                client.getInputStream().read(); // the confirmation, then the client leaves
            }
        })) {
            CommandRun run = new CommandRun();
            int code = run.execute("snapshot", "127.0.0.1:" + server.port(), "-o", file.toString());

            assertThat(code).isEqualTo(1);
            assertThat(run.err()).contains("no snapshot from 127.0.0.1:" + server.port()).contains(message);
            assertThat(run.out()).isEmpty();
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void saysClearlyWhenNothingListens() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        CommandRun run = new CommandRun();
        int code = run.execute("snapshot", "127.0.0.1:" + freePort, "-o", dir.resolve("none.jpg").toString());

        assertThat(code).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to 127.0.0.1:" + freePort).contains("is the edgecam server running");
        assertThat(dir.resolve("none.jpg")).doesNotExist();
    }

    @Test
    void rejectsABadAddressWithAUsageMessage() {
        CommandRun run = new CommandRun();
        int code = run.execute("snapshot", "camera.local:99999");

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("the port must be a number from 1 to 65535");
    }
}
