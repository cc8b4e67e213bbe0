package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code ffprobe} (an FFmpeg build nobody here made) on a file and reads what it says, for tests that
 * check H.264 with a real consumer. Skips a test where ffprobe is missing, except in CI, where it fails.
 */
public final class Ffprobe {

    /** One decoded frame as ffprobe reports it. */
    public record ProbedFrame(boolean keyframe, String pictType) {
    }

    /** What ffprobe said: its frames, the stream's profile, and whatever it wrote to stderr (errors). */
    public record Probe(List<ProbedFrame> frames, String profile, int hasBFrames, String errors) {
    }

    private Ffprobe() {
    }

    public static void assumeInstalled() {
        boolean installed = Path.of("/usr/bin/ffprobe").toFile().canExecute();
        if (System.getenv("CI") != null) {
            assertThat(installed).as("ffprobe must be installed in CI (Debian package ffmpeg)").isTrue();
        }
        assumeTrue(installed, "ffprobe is not installed (Debian package ffmpeg)");
    }

    /** Decodes every frame of a raw H.264 (Annex B) file. */
    public static Probe h264File(Path file) throws IOException, InterruptedException {
        assumeInstalled();
        Process process = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-f", "h264",
                "-show_frames", "-show_streams", "-of", "compact", file.toString()).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ffprobe finished").isTrue();
        List<ProbedFrame> frames = new ArrayList<>();
        String profile = "";
        int hasBFrames = -1;
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("frame|")) {
                frames.add(new ProbedFrame("1".equals(field(line, "key_frame")), field(line, "pict_type")));
            } else if (line.startsWith("stream|")) {
                profile = field(line, "profile");
                hasBFrames = Integer.parseInt(field(line, "has_b_frames"));
            }
        }
        return new Probe(frames, profile, hasBFrames, new String(err, StandardCharsets.UTF_8).trim());
    }

    private static String field(String line, String name) {
        for (String part : line.split("\\|")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }
}
