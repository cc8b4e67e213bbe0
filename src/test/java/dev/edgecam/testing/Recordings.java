package dev.edgecam.testing;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * A video file decoded back with FFmpeg, frame by frame.
 *
 * @param frames pictures decoded
 * @param width picture width
 * @param height picture height
 * @param codec FFmpeg's name of the video codec
 * @param lastTimestampMicros presentation time of the last frame
 * @param lengthMicros the container's duration
 */
public record Recordings(int frames, int width, int height, String codec, long lastTimestampMicros, long lengthMicros) {

    /** Frames decoded at most, so a broken file cannot loop a test forever. */
    static final int MAX_FRAMES = 100_000;

    public static Recordings decode(Path file) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int count = 0;
            long last = -1;
            while (count < MAX_FRAMES && grabber.grabImage() != null) {
                count++;
                last = grabber.getTimestamp();
            }
            return new Recordings(count, grabber.getImageWidth(), grabber.getImageHeight(), grabber.getVideoCodecName(),
                    last, grabber.getLengthInTime());
        }
    }
}
