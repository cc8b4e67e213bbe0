package dev.edgecam.testing;

import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FfmpegSource;
import dev.edgecam.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An H.264 file with B-frames (Debian's ffmpeg: testsrc2, libx264 with 2 B-frames and B-pyramid, a keyframe a second,
 * 640x360 at 25 fps), its pictures' checksums as FFmpeg decodes them straight from the file, and GStreamer's RTSP
 * server serving it as a network camera would: decode order, each picture stamped with its presentation time.
 */
public final class BFrameVideo {

    public static final int FPS = 25;
    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    /** 90 kHz ticks between two pictures. */
    public static final int FRAME_TICKS = 90_000 / FPS;

    private final Path file;
    private final List<String> pictureHashes;

    private BFrameVideo(Path file, List<String> pictureHashes) {
        this.file = file;
        this.pictureHashes = pictureHashes;
    }

    /** Encodes {@code seconds} of video into {@code directory}. */
    public static BFrameVideo make(Path directory, int seconds) throws IOException, InterruptedException {
        Path file = directory.resolve("bframes.mp4");
        FfmpegCli.ffmpeg("-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS, "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", String.valueOf(FPS), "-pix_fmt", "yuv420p",
                file.toString());
        return new BFrameVideo(file, framemd5(FfmpegCli.ffmpeg("-nostdin", "-v", "error", "-i", file.toString(),
                "-fps_mode", "passthrough", "-f", "framemd5", "-")));
    }

    public Path file() {
        return file;
    }

    /** The decoded pictures' MD5s in display order, straight from the file. */
    public List<String> pictureHashes() {
        return pictureHashes;
    }

    /** GStreamer's RTSP server playing the file once, in real time, to its first client. */
    public GstRtspServer serve(Path directory) throws Exception {
        return GstRtspServer.start(directory, "( filesrc location=" + file + " ! qtdemux ! h264parse config-interval=-1"
                + " ! rtph264pay name=pay0 pt=96 )", true, null, null);
    }

    /**
     * {@code count} frames of the file as edgecam's source hands a network camera's H.264 on (passed through, decode
     * order, each with its presentation offset), from the second keyframe on: the first packets come before FFmpeg
     * knows their decode times. Serves the file with GStreamer for as long as it reads.
     */
    public List<Frame> passedThrough(Path directory, int count) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (GstRtspServer camera = serve(directory)) {
            FfmpegSource source = new FfmpegSource(SourceSpec.parse(camera.url()), new Size(WIDTH, HEIGHT), FPS);
            source.open();
            try {
                int keyframes = 0;
                for (int read = 0; frames.size() < count && read < 20 * FPS; read++) {
                    Capture.Encoded packet = (Capture.Encoded) source.next(true);
                    keyframes += packet.keyframe() ? 1 : 0;
                    if (keyframes >= 2) {
                        frames.add(Frame.h264(frames.size() + 1, packet.captureNanos(), packet.captureEpochMicros(),
                                packet.width(), packet.height(), packet.keyframe(), packet.bytes(),
                                packet.presentationOffsetMicros()));
                    }
                }
            } finally {
                source.close();
            }
        }
        return frames;
    }

    /** The MD5s of an {@code ffmpeg -f framemd5} output, one per picture in its order. */
    public static List<String> framemd5(String output) {
        List<String> hashes = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (!line.startsWith("#") && line.contains(",")) {
                String[] fields = line.split(",");
                hashes.add(fields[fields.length - 1].trim());
            }
        }
        return hashes;
    }

    /**
     * Where {@code decoded} starts in the file's pictures, when it is a run of them in display order, none missing and
     * none out of place; -1 when it is not.
     */
    public int runStart(List<String> decoded) {
        int start = decoded.isEmpty() ? -1 : pictureHashes.indexOf(decoded.get(0));
        if (start < 0 || start + decoded.size() > pictureHashes.size()
                || !pictureHashes.subList(start, start + decoded.size()).equals(decoded)) {
            return -1;
        }
        return start;
    }
}
