package dev.edgecam.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code ffmpeg} and {@code ffprobe} command-line tools, as a consumer nobody here wrote: a test checks a file
 * with them, not with the FFmpeg the code under test links. Missing tools skip a test locally and fail it in CI.
 */
public final class FfmpegCli {

    static final long TIMEOUT_SECONDS = 120;

    private FfmpegCli() {
    }

    /** Runs {@code ffmpeg} with {@code args} and returns what it printed (stdout and stderr); fails on a nonzero exit. */
    public static String ffmpeg(String... args) throws IOException, InterruptedException {
        return run("ffmpeg", args);
    }

    /** Runs {@code ffprobe -v error} with {@code args} and returns what it printed; fails on a nonzero exit. */
    public static String ffprobe(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-v", "error"));
        all.addAll(List.of(args));
        return run("ffprobe", all.toArray(String[]::new));
    }

    /** One line per packet of the file's first video stream: {@code size,flags,MD5:hash}. */
    public static List<String> packetHashes(Path file) throws IOException, InterruptedException {
        return ffprobe("-select_streams", "v:0", "-show_data_hash", "MD5", "-show_entries", "packet=size,flags,data_hash",
                "-of", "csv=p=0", file.toString()).lines().filter(line -> !line.isBlank()).toList();
    }

    /** Frames decoded by {@code ffprobe -count_frames}. */
    public static int countFrames(Path file) throws IOException, InterruptedException {
        return Integer.parseInt(ffprobe("-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames",
                "-of", "csv=p=0", file.toString()).trim());
    }

    /** One value of the first video stream, such as {@code codec_name} or {@code width}. */
    public static String stream(Path file, String entry) throws IOException, InterruptedException {
        return ffprobe("-select_streams", "v:0", "-show_entries", "stream=" + entry, "-of", "csv=p=0", file.toString()).trim();
    }

    /** The container's duration in seconds. */
    public static double duration(Path file) throws IOException, InterruptedException {
        return Double.parseDouble(ffprobe("-show_entries", "format=duration", "-of", "csv=p=0", file.toString()).trim());
    }

    /**
     * What {@code ffmpeg -v error} says while decoding the whole file: empty when it decodes without an error. Frames
     * keep their own times ({@code -fps_mode passthrough}, in the file's own time base: {@code -enc_time_base -1}): a
     * live recording's frames are at their capture times, and two that a loaded machine captured within a millisecond
     * are not an error of the file, only of a conversion to a constant rate, which is not what is checked here.
     */
    public static String decodeErrors(Path file) throws IOException, InterruptedException {
        return ffmpeg("-nostdin", "-v", "error", "-i", file.toString(), "-fps_mode", "passthrough", "-enc_time_base", "-1",
                "-f", "null", "-")
                .trim();
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        assumeInstalled(tool);
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        ToolRun result = ToolRun.run(TIMEOUT_SECONDS, command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    private static void assumeInstalled(String tool) {
        if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
            H264TestStream.skipLocallyFailInCi("/usr/bin/" + tool + " is missing: install Debian's ffmpeg (.ci/run does)");
        }
    }
}
