package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.ServedFrames;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgecam record} in a child JVM: killed with SIGKILL mid-way the file must still decode; stopped
 * with a signal it must finish the file properly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordKillTest {

    private static final Pattern PROGRESS_FRAMES = Pattern.compile("(\\d+) frames");

    @TempDir
    Path dir;

    @Test
    void aRecordingKilledWithSigkillStaysPlayableLosingAtMostTheLastSecond() throws Exception {
        Path file = dir.resolve("killed.mkv");
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            Process child = recordInChild(server.port(), file);
            StderrCollector err = new StderrCollector(child.getErrorStream());
            int framesBeforeKill;
            try {
                // Three seconds of video at least, so the file has had several flushes.
                await().atMost(Duration.ofSeconds(60)).until(() -> lastReportedFrames(err.text()) >= 90);
                framesBeforeKill = lastReportedFrames(err.text());
            } finally {
                child.destroyForcibly(); // SIGKILL: no trailer, no index, no shutdown hook
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);

            Recordings decoded = Recordings.decode(file);
            // The server sends 30 frames a second: at most one second of them may be lost.
            assertThat(decoded.frames()).isGreaterThanOrEqualTo(framesBeforeKill - 30);
            assertThat(decoded.width()).isEqualTo(320);
            assertThat(decoded.codec()).isEqualTo("mjpeg");
        }
    }

    @Test
    void sigtermFinishesTheFileCleanlyWithItsIndex() throws Exception {
        Path file = dir.resolve("stopped.mkv");
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0)) {
            Process child = recordInChild(server.port(), file);
            StderrCollector err = new StderrCollector(child.getErrorStream());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lastReportedFrames(err.text()) >= 30);
                // SIGTERM, handled like Ctrl-C's SIGINT. Through the handle: Process.destroy() would also close
                // our end of the child's stderr and lose what it prints while finishing.
                assertThat(child.toHandle().destroy()).isTrue();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
            err.awaitEnd();
            assertThat(child.exitValue()).as(err.text()).isZero();
            assertThat(err.text()).contains("stopped: saved ");

            Recordings decoded = Recordings.decode(file);
            assertThat(decoded.frames()).isGreaterThanOrEqualTo(30);
            // The trailer was written: the container knows its duration, to within a frame of the last one.
            assertThat(decoded.lengthMicros()).isCloseTo(decoded.lastTimestampMicros(), org.assertj.core.data.Offset.offset(200_000L));
        }
    }

    private static Process recordInChild(int port, Path file) throws java.io.IOException {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "record", "127.0.0.1:" + port, "-o", file.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static int lastReportedFrames(String stderr) {
        Matcher m = PROGRESS_FRAMES.matcher(stderr);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    /** Drains the child's stderr on its own thread, so the child never blocks on a full pipe. */
    private static final class StderrCollector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        StderrCollector(InputStream in) {
            reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (java.io.IOException e) {
                    // The child is gone.
                }
            }, "child stderr");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the child closed its stderr, so nothing it wrote is missed. */
        void awaitEnd() throws InterruptedException {
            reader.join(10_000);
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
