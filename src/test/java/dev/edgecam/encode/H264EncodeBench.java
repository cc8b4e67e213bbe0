package dev.edgecam.encode;

import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.TestPatternSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The encoding benchmark of {@code bench/encode.sh} (not a test): frames per second of {@link H264Encoder} against the
 * {@code ffmpeg} program of the same FFmpeg build (JavaCPP ships it) with the same encoder and settings on the same
 * raw BGR frames, alternating, several rounds. Prints one line per measurement:
 * {@code round N edgecam|ffmpeg FRAMES SECONDS FPS}.
 *
 * <p>Arguments: work folder, size (1280x720), frames (distinct test-pattern pictures), loops (each encoded this many
 * times), rounds, encoder (libopenh264), bitrate (2000000), keyframe interval in frames (60).
 */
public final class H264EncodeBench {

    private static final Pattern RTIME = Pattern.compile("rtime=([0-9.]+)s");

    private H264EncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Size size = Size.parse(args[1]);
        int frames = Integer.parseInt(args[2]);
        int loops = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        String encoder = args[5];
        long bitrate = Long.parseLong(args[6]);
        int gop = Integer.parseInt(args[7]);
        double fps = 30;

        Files.createDirectories(dir);
        Path raw = dir.resolve("frames-" + size + ".raw");
        List<byte[]> pictures = testPattern(size, frames, fps);
        try (OutputStream out = Files.newOutputStream(raw)) {
            for (byte[] picture : pictures) {
                out.write(picture);
            }
        }
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        System.out.println("ffmpeg " + ffmpeg);
        // Warm-up, not reported: the JIT, OpenCV's thread pool, the encoder's first open, the file into the page cache.
        encodeInProcess(pictures, size, fps, 1, encoder, bitrate, gop);
        encodeWithProgram(ffmpeg, raw, size, fps, 1, encoder, bitrate, gop);
        for (int round = 1; round <= rounds; round++) {
            double javaSeconds = encodeInProcess(pictures, size, fps, loops, encoder, bitrate, gop);
            print(round, "edgecam", frames * loops, javaSeconds);
            double cliSeconds = encodeWithProgram(ffmpeg, raw, size, fps, loops, encoder, bitrate, gop);
            print(round, "ffmpeg", frames * loops, cliSeconds);
        }
    }

    private static void print(int round, String who, int frames, double seconds) {
        System.out.println(String.format(Locale.ROOT, "round %d %s %d %.3f %.1f", round, who, frames, seconds,
                frames / seconds));
    }

    /** Distinct moving test-pattern pictures, as raw BGR bytes. */
    private static List<byte[]> testPattern(Size size, int count, double fps) throws InterruptedException {
        TestPatternSource source = new TestPatternSource(size, 240);
        source.open();
        List<byte[]> out = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Mat bgr = ((Capture.Pixels) source.next(true)).bgr();
                byte[] bytes = new byte[size.width() * size.height() * 3];
                bgr.data().get(bytes);
                out.add(bytes);
            }
        } finally {
            source.close();
        }
        return out;
    }

    /** Seconds {@link H264Encoder} takes for every picture {@code loops} times, opening included (as for ffmpeg). */
    private static double encodeInProcess(List<byte[]> pictures, Size size, double fps, int loops, String encoder,
                                          long bitrate, int gop) {
        List<Mat> mats = new ArrayList<>();
        for (byte[] picture : pictures) {
            Mat mat = new Mat(size.height(), size.width(), org.bytedeco.opencv.global.opencv_core.CV_8UC3);
            mat.data().put(picture);
            mats.add(mat);
        }
        long bytes = 0;
        long started = System.nanoTime();
        try (H264Encoder h264 = H264Encoder.open(encoder, size, fps, bitrate, gop)) {
            long frame = 0;
            for (int loop = 0; loop < loops; loop++) {
                for (Mat mat : mats) {
                    for (H264Encoder.EncodedPicture picture : h264.encode(mat, Math.round(frame++ * 90_000 / fps), false)) {
                        bytes += picture.accessUnit().length;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        mats.forEach(Mat::close);
        System.out.println(String.format(Locale.ROOT, "edgecam bitrate %.0f kbit/s",
                bytes * 8 / ((double) pictures.size() * loops / fps) / 1000));
        return seconds;
    }

    /** Seconds the ffmpeg program says it spent transcoding ({@code -benchmark}'s rtime: its start-up not counted). */
    private static double encodeWithProgram(String ffmpeg, Path raw, Size size, double fps, int loops, String encoder,
                                            long bitrate, int gop) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostats", "-benchmark", "-stream_loop",
                Integer.toString(loops - 1), "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", size.toString(), "-r",
                Long.toString(Math.round(fps)), "-i", raw.toString(), "-c:v", encoder, "-b:v", Long.toString(bitrate),
                "-g", Integer.toString(gop), "-f", "null", "-").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("ffmpeg failed:\n" + output);
        }
        Matcher rtime = RTIME.matcher(output);
        if (!rtime.find()) {
            throw new IOException("ffmpeg -benchmark printed no rtime:\n" + output);
        }
        return Double.parseDouble(rtime.group(1));
    }
}
