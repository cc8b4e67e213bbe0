package dev.edgecam.source;

import dev.edgecam.frame.Codec;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What a {@link FrameSource} produced for one frame: a JPEG it already had (a camera's or a file's MJPEG,
 * passed through untouched), an encoded packet of any codec (such as a camera's own H.264, to pass through
 * untouched), or pixels that still need encoding.
 */
public sealed interface Capture {

    long captureNanos();

    long captureEpochMicros();

    int width();

    int height();

    /** A JPEG from the source itself; the capture loop serves these bytes unchanged. */
    record Jpeg(byte[] jpeg, int width, int height, long captureNanos, long captureEpochMicros) implements Capture {
    }

    /**
     * An encoded packet from the source itself, to be served unchanged: a JPEG, or one H.264 access unit in Annex B
     * form with SPS and PPS in front of every keyframe (see {@link Codec}). {@link Jpeg} is the older form of a JPEG
     * packet; the camera-unit restructuring folds it into this one.
     *
     * @param keyframe true when the packet decodes on its own (every JPEG)
     */
    record Encoded(Codec codec, boolean keyframe, byte[] bytes, int width, int height, long captureNanos,
                   long captureEpochMicros) implements Capture {
    }

    /**
     * BGR pixels owned by the source. The {@code Mat} stays valid only until the source's next call, so the
     * capture loop encodes it at once.
     */
    record Pixels(Mat bgr, long captureNanos, long captureEpochMicros) implements Capture {
        @Override
        public int width() {
            return bgr.cols();
        }

        @Override
        public int height() {
            return bgr.rows();
        }
    }

    /** Wall-clock time in microseconds, for the capture timestamps. */
    static long nowEpochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
