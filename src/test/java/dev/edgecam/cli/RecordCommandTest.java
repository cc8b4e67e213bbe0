package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.client.record.RecordingStatus;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.ServedFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordCommandTest {

    @TempDir
    Path dir;

    @Test
    void recordsTheAskedNumberOfFramesAsMjpegInMatroska() throws Exception {
        Path file = dir.resolve("clip.mkv");
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            CommandRun run = new CommandRun();
            int code = run.execute("record", "127.0.0.1:" + server.port(), "-o", file.toString(), "--frames", "30");

            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("MJPEG in Matroska, not re-encoded").contains("recorded 30 frames: saved 30 frames");
        }
        Recordings decoded = Recordings.decode(file);
        assertThat(decoded.frames()).isEqualTo(30);
        assertThat(decoded.codec()).isEqualTo("mjpeg");
        assertThat(decoded.width()).isEqualTo(320);
        assertThat(decoded.height()).isEqualTo(240);
    }

    @Test
    void stopsAtTheDurationAndWritesAviOnRequest() throws Exception {
        Path file = dir.resolve("clip.avi");
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            CommandRun run = new CommandRun();
            int code = run.execute("record", "127.0.0.1:" + server.port(), "-o", file.toString(), "--duration", "2s");

            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("MJPEG in AVI").contains("reached the duration");
            // The summary gives the finished file's size, not the size before the AVI index was written.
            assertThat(run.err()).contains(", " + RecordingStatus.bytes(Files.size(file)) + " to " + file.toAbsolutePath());
        }
        Recordings decoded = Recordings.decode(file);
        assertThat(decoded.frames()).isGreaterThan(5);
        // Frames arriving after two seconds are not recorded (the first arrives a little after the start). A frame
        // sits at its arrival time, except that frames read in one burst (the recorder's thread was held up on a busy
        // machine) go 1 ms apart, as a file needs strictly increasing times: the last may be that much past 2 s.
        assertThat(decoded.lastTimestampMicros()).as("the last frame's time, of %d frames", decoded.frames())
                .isLessThanOrEqualTo(2_000_000L + decoded.frames() * 1_000L);
    }

    @Test
    void continuesIntoTheSameFileAcrossAServerRestart() throws Exception {
        Path file = dir.resolve("restart.mkv");
        ServedFrames first = ServedFrames.start(320, 240, 30, 0);
        int port = first.port();
        CommandRun run = new CommandRun();
        CompletableFuture<Integer> recording = CompletableFuture.supplyAsync(() -> run.execute("record",
                "127.0.0.1:" + port, "-o", file.toString(), "--frames", "90", "--give-up-after", "30s"));
        ServedFrames second = null;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> run.err().contains(" frames "));
            first.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> run.err().contains("reconnecting in"));
            // Down for longer than the recording goes on after it: a pause the file's duration must not count twice.
            Thread.sleep(4_000);
            second = ServedFrames.start(320, 240, 30, port);
            int code = recording.get(60, TimeUnit.SECONDS);
            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("connection lost").contains("reconnected to 127.0.0.1:" + port);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        Recordings decoded = Recordings.decode(file);
        assertThat(decoded.frames()).isEqualTo(90);
        // The header's duration ends one frame after the last frame, the pause included once, not twice.
        assertThat(decoded.lengthMicros()).as("duration in the header")
                .isBetween(decoded.lastTimestampMicros(), decoded.lastTimestampMicros() + 500_000L);
        assertThat(run.err()).contains(", " + RecordingStatus.bytes(Files.size(file)) + " to " + file.toAbsolutePath());
    }

    @Test
    void neverOverwritesAFileAndSaysSoBeforeConnecting() throws Exception {
        Path existing = java.nio.file.Files.writeString(dir.resolve("earlier.mkv"), "an earlier recording");
        CommandRun run = new CommandRun();
        // Port 1 has no server: the file is checked before any connection is tried.
        int code = run.execute("record", "127.0.0.1:1", "-o", existing.toString());

        assertThat(code).isEqualTo(1);
        assertThat(run.err()).contains("earlier.mkv already exists; give another name with -o");
        assertThat(java.nio.file.Files.readString(existing)).isEqualTo("an earlier recording");

        int missingDirectory = run.execute("record", "127.0.0.1:1", "-o", dir.resolve("no/such/dir/x.mkv").toString());
        assertThat(missingDirectory).isEqualTo(1);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void rejectsFramesAndDurationTogether() {
        CommandRun run = new CommandRun();
        int code = run.execute("record", "127.0.0.1", "--frames", "3", "--duration", "5s");

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void rejectsADurationWithoutAUnitItKnows() {
        CommandRun run = new CommandRun();
        int code = run.execute("record", "127.0.0.1", "--duration", "5 weeks");

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("is not a duration").contains("5s, 2m, 1h");
    }
}
