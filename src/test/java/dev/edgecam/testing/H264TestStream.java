package dev.edgecam.testing;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.edgecam.wire.rtp.NalUnits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real H.264 stream for tests, made once by Debian's ffmpeg CLI (libx264, constrained baseline, no B-frames, a
 * keyframe a second, SPS/PPS and an access unit delimiter before every access unit), split into access units at
 * the delimiters. It stands in for the H.264 encoder until that lands.
 */
public final class H264TestStream {

    /** Frames per second of the stream, and its keyframe interval in frames. */
    public static final int FPS = 30;
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    private static final Path FILE = Path.of("target", "test-h264", "testsrc2-720p30-g30.h264");
    private static List<byte[]> accessUnits;

    private H264TestStream() {
    }

    /** The access units of 4 s of ffmpeg's testsrc2 at 1280x720, 30 fps, in Annex B form, the first a keyframe. */
    public static synchronized List<byte[]> accessUnits() throws IOException, InterruptedException {
        if (accessUnits == null) {
            if (!Files.exists(FILE)) {
                make();
            }
            accessUnits = List.copyOf(split(Files.readAllBytes(FILE)));
        }
        return accessUnits;
    }

    private static void make() throws IOException, InterruptedException {
        Files.createDirectories(FILE.getParent());
        Path partial = FILE.resolveSibling(FILE.getFileName() + ".part");
        Process ffmpeg;
        try {
            ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS, "-t", "4", "-c:v", "libx264",
                    "-profile:v", "baseline", "-bf", "0", "-g", String.valueOf(FPS), "-tune", "zerolatency",
                    "-x264-params", "repeat-headers=1:aud=1", "-f", "h264", partial.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            skipLocallyFailInCi("ffmpeg (Debian's ffmpeg package) is not installed: " + e.getMessage());
            return;
        }
        if (!ffmpeg.waitFor(120, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly();
            throw new IllegalStateException("ffmpeg took over 120 s to write 4 s of H.264 test video");
        }
        if (ffmpeg.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg could not write the H.264 test video (exit " + ffmpeg.exitValue()
                    + "); it needs Debian's ffmpeg with libx264");
        }
        Files.move(partial, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Skips the test on a developer's machine without the tool; fails it in CI, where it must be there. */
    public static void skipLocallyFailInCi(String missing) {
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        assumeThat(false).as(missing).isTrue();
    }

    /** Cuts an Annex B stream before every access unit delimiter (x264 writes one before each access unit). */
    static List<byte[]> split(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (NalUnits.Nal nal : NalUnits.split(stream)) {
            if (nal.type() == NalUnits.TYPE_AUD) {
                int start = nal.offset() - 3;
                if (start > 0 && stream[start - 1] == 0) {
                    start--; // a 4-byte start code
                }
                starts.add(start);
            }
        }
        starts.add(stream.length);
        for (int i = 0; i + 1 < starts.size(); i++) {
            units.add(java.util.Arrays.copyOfRange(stream, starts.get(i), starts.get(i + 1)));
        }
        return units;
    }

    /** True when {@code accessUnit} holds an IDR slice. */
    public static boolean isKeyframe(byte[] accessUnit) {
        return NalUnits.split(accessUnit).stream().anyMatch(nal -> nal.type() == NalUnits.TYPE_IDR);
    }
}
