package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.testing.FfmpegCli;
import dev.edgecam.testing.GstRtspServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code edgecam record rtsp://…} in a child JVM killed with SIGKILL: no trailer, no index, yet the MP4 (fragmented)
 * and the Matroska file decode in Debian's ffmpeg without an error, losing at most the last second; stopped with
 * SIGTERM it finishes the file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspRecordKillTest {

    private static final Pattern PROGRESS_FRAMES = Pattern.compile("(\\d+) frames");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"killed.mp4", "killed.mkv"})
    void aRecordingKilledWithSigkillDecodesWithoutErrors(String name) throws Exception {
        Path file = dir.resolve(name);
        Path stderr = dir.resolve("record.err");
        try (GstRtspServer server = GstRtspServer.start(dir)) {
            Process child = recordInChild(server.url(), file, stderr);
            int framesBeforeKill;
            try {
                // Three seconds of video at least, so the file has had several flushes and fragments.
                await().atMost(Duration.ofSeconds(60)).until(() -> lastReportedFrames(stderr) >= 90 || !child.isAlive());
                framesBeforeKill = lastReportedFrames(stderr);
            } finally {
                child.destroyForcibly(); // SIGKILL: no trailer, no index, no shutdown hook
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(child.exitValue()).as("killed, not finished: " + Files.readString(stderr)).isEqualTo(137);
            assertThat(FfmpegCli.decodeErrors(file)).isEmpty();
            // 30 frames a second, flushed every half second: at most one second of them may be lost.
            assertThat(FfmpegCli.countFrames(file)).isGreaterThanOrEqualTo(framesBeforeKill - 30);
            assertThat(FfmpegCli.stream(file, "codec_name")).isEqualTo("h264");
        }
    }

    @org.junit.jupiter.api.Test
    void sigtermFinishesTheMp4WithItsIndex() throws Exception {
        Path file = dir.resolve("stopped.mp4");
        Path stderr = dir.resolve("record.err");
        try (GstRtspServer server = GstRtspServer.start(dir)) {
            Process child = recordInChild(server.url(), file, stderr);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> lastReportedFrames(stderr) >= 30 || !child.isAlive());
                assertThat(child.toHandle().destroy()).isTrue(); // SIGTERM, handled like Ctrl-C
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
            String printed = Files.readString(stderr);
            assertThat(child.exitValue()).as(printed).isZero();
            assertThat(printed).contains("stopped: saved ");
        }
        assertThat(FfmpegCli.decodeErrors(file)).isEmpty();
        int frames = FfmpegCli.countFrames(file);
        assertThat(frames).isGreaterThanOrEqualTo(30);
        // The trailer was written: the file's duration is its frames' (30 fps), not unknown.
        assertThat(FfmpegCli.duration(file)).isCloseTo(frames / 30.0, org.assertj.core.data.Offset.offset(0.2));
    }

    private static Process recordInChild(String url, Path file, Path stderr) throws IOException {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "record", url, "-o", file.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    private static int lastReportedFrames(Path stderr) throws IOException {
        Matcher m = PROGRESS_FRAMES.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
