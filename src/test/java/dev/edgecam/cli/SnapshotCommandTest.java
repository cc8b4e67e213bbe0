package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.ServedFrames;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
