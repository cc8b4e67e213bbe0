package dev.edgecam.frame;

/**
 * One encoded picture as a hub hands it to every client.
 *
 * <p>The {@code bytes} array is shared by all clients and transports and must never be modified: it is
 * encoded once and written to every socket as it is.
 *
 * @param sequence increasing number given by the capture loop, starting at 1; a gap means frames were dropped
 * @param captureNanos {@link System#nanoTime()} when the source produced the picture (for freshness checks)
 * @param captureEpochMicros wall-clock capture time in microseconds since the epoch (for the wire and latency)
 * @param width picture width in pixels
 * @param height picture height in pixels
 * @param codec how {@code bytes} are encoded
 * @param keyframe true when the frame decodes on its own (every JPEG); a client may start or resume here
 * @param bytes one baseline JPEG image, or one H.264 access unit in Annex B form with SPS and PPS in front of
 *              every keyframe (see {@link Codec})
 */
public record Frame(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                    Codec codec, boolean keyframe, byte[] bytes) {

    public Frame {
        if (codec == null) {
            throw new IllegalArgumentException("frame #" + sequence + " needs a codec");
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a frame needs " + codec.label() + " bytes");
        }
        if (!keyframe && !codec.interFrame()) {
            throw new IllegalArgumentException(codec.label() + " frame #" + sequence + " must be a keyframe: "
                    + codec.label() + " frames do not depend on each other");
        }
        if (codec == Codec.H264) {
            AnnexB.check(bytes, keyframe, sequence);
        }
    }

    /**
     * A JPEG frame. Kept while the callers that build JPEG frames move to {@link #jpeg(long, long, long, int, int,
     * byte[])}; the coming camera-unit restructuring removes it.
     */
    public Frame(long sequence, long captureNanos, long captureEpochMicros, int width, int height, byte[] jpeg) {
        this(sequence, captureNanos, captureEpochMicros, width, height, Codec.JPEG, true, jpeg);
    }

    /** A JPEG frame (always a keyframe). */
    public static Frame jpeg(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                             byte[] jpeg) {
        return new Frame(sequence, captureNanos, captureEpochMicros, width, height, Codec.JPEG, true, jpeg);
    }

    /**
     * An H.264 frame: one access unit in Annex B form; a keyframe carries SPS and PPS before its first slice.
     *
     * @throws IllegalArgumentException when the bytes are not Annex B, or a keyframe lacks SPS or PPS
     */
    public static Frame h264(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                             boolean keyframe, byte[] accessUnit) {
        return new Frame(sequence, captureNanos, captureEpochMicros, width, height, Codec.H264, keyframe, accessUnit);
    }

    /**
     * The JPEG bytes of a JPEG frame: {@link #bytes()} under its old name, kept for the JPEG-only callers until the
     * coming camera-unit restructuring renames them to {@code bytes()}.
     *
     * @throws IllegalStateException for a frame of another codec, which a JPEG transport must never write
     */
    public byte[] jpeg() {
        if (codec != Codec.JPEG) {
            throw new IllegalStateException("frame #" + sequence + " is " + codec.label()
                    + ", not JPEG: only a JPEG hub's frames can be served as JPEG");
        }
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        String kind = codec == Codec.JPEG ? "" : " " + codec.label() + (keyframe ? " keyframe" : "");
        return "Frame[#" + sequence + kind + " " + width + "x" + height + " " + bytes.length + " bytes]";
    }
}
