package dev.edgecam.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real H.264 stream for tests, made once by Debian's {@code ffmpeg} CLI with libx264 (constrained baseline, no
 * B-frames, a keyframe every 30 frames, SPS/PPS before every keyframe, an AUD before every access unit) from
 * {@code testsrc2}, whose picture moves and shows its frame number: 1280x720, 30 fps, 6 s (180 frames). Kept in
 * {@code target/test-h264/} so the suite encodes it once. Split into access units at the AUD NAL units.
 *
 * <p>Without {@code ffmpeg} the test is skipped locally and fails in CI ({@code CI=true}).
 */
public final class H264Clip {

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    public static final int FPS = 30;
    public static final int FRAMES = 180;
    public static final int GOP_FRAMES = 30;
    private static final Path FILE = Path.of("target", "test-h264", "testsrc2-1280x720-30fps.h264");

    private static List<byte[]> units;

    private H264Clip() {
    }

    /** The clip's access units in order, Annex B, each starting with its AUD; the first is a keyframe. */
    public static synchronized List<byte[]> accessUnits() {
        if (units == null) {
            units = List.copyOf(split(read()));
        }
        return units;
    }

    /** True when the access unit holds an IDR slice. */
    public static boolean isKeyframe(byte[] accessUnit) {
        for (int i = 0; i + 3 < accessUnit.length; i++) {
            if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1) {
                int type = accessUnit[i + 3] & 0x1f;
                if (type == 5) {
                    return true;
                }
                if (type == 1) {
                    return false;
                }
            }
        }
        return false;
    }

    private static byte[] read() {
        try {
            if (!Files.isRegularFile(FILE)) {
                make();
            }
            return Files.readAllBytes(FILE);
        } catch (IOException e) {
            throw new AssertionError("cannot make or read the H.264 test clip " + FILE + ": " + e.getMessage(), e);
        }
    }

    private static void make() throws IOException {
        boolean ffmpeg = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (!ffmpeg && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("ffmpeg is missing: .ci/run must install Debian's ffmpeg");
        }
        Assumptions.assumeTrue(ffmpeg, "Debian's ffmpeg is needed to make the H.264 test clip");
        Files.createDirectories(FILE.getParent());
        Path partial = FILE.resolveSibling(FILE.getFileName() + ".part");
        Process process = new ProcessBuilder("/usr/bin/ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS,
                "-t", String.valueOf(FRAMES / FPS), "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0",
                "-g", String.valueOf(GOP_FRAMES), "-x264-params", "repeat-headers=1:aud=1", "-tune", "zerolatency",
                "-f", "h264", partial.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("ffmpeg did not make the clip (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg made the clip", e);
        }
        Files.move(partial, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Splits at every 4-byte start code followed by an AUD (NAL type 9). */
    private static List<byte[]> split(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 4 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1
                    && (stream[i + 4] & 0x1f) == 9) {
                starts.add(i);
            }
        }
        List<byte[]> result = new ArrayList<>(starts.size());
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) : stream.length;
            result.add(java.util.Arrays.copyOfRange(stream, starts.get(k), end));
        }
        return result;
    }
}
