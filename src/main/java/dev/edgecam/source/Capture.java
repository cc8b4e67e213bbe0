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
     * @param captureEpochMicros for H.264 the packet's decode time on the wall clock (frames come in decode order)
     * @param presentationOffsetMicros how long after {@code captureEpochMicros} the picture is shown: 0 unless the
     *        stream has B-frames ({@link dev.edgecam.frame.Frame#presentationOffsetMicros()})
     */
    record Encoded(Codec codec, boolean keyframe, byte[] bytes, int width, int height, long captureNanos,
                   long captureEpochMicros, long presentationOffsetMicros) implements Capture {

        /** A packet shown when it is decoded (no B-frames). */
        public Encoded(Codec codec, boolean keyframe, byte[] bytes, int width, int height, long captureNanos,
                       long captureEpochMicros) {
            this(codec, keyframe, bytes, width, height, captureNanos, captureEpochMicros, 0);
        }
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
