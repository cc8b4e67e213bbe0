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
 * @param presentationOffsetMicros how long after its capture time the frame is shown (its presentation time minus its
 *              decode time, ISO/IEC 14496-12's composition offset): 0 unless the stream has B-frames, whose frames come
 *              in decode order but are shown in another. The capture time is then the decode time; the presentation
 *              time ({@link #presentationEpochMicros()}) is what RTP timestamps and an MP4's composition times carry.
 */
public record Frame(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                    Codec codec, boolean keyframe, byte[] bytes, long presentationOffsetMicros) {

    /** Longest presentation offset taken: a few seconds is more reordering than any H.264 stream does. */
    public static final long MAX_PRESENTATION_OFFSET_MICROS = 10_000_000L;

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
        if (presentationOffsetMicros < 0 || presentationOffsetMicros > MAX_PRESENTATION_OFFSET_MICROS) {
            throw new IllegalArgumentException("frame #" + sequence + ": presentation offset " + presentationOffsetMicros
                    + " µs is outside 0.." + MAX_PRESENTATION_OFFSET_MICROS + " µs (a frame is shown at or after its"
                    + " decode time)");
        }
    }

    /** A frame shown when it is decoded (no B-frames): presentation offset 0. */
    public Frame(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                 Codec codec, boolean keyframe, byte[] bytes) {
        this(sequence, captureNanos, captureEpochMicros, width, height, codec, keyframe, bytes, 0);
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
     * An H.264 frame of a stream with B-frames: shown {@code presentationOffsetMicros} after its capture (decode)
     * time.
     */
    public static Frame h264(long sequence, long captureNanos, long captureEpochMicros, int width, int height,
                             boolean keyframe, byte[] accessUnit, long presentationOffsetMicros) {
        return new Frame(sequence, captureNanos, captureEpochMicros, width, height, Codec.H264, keyframe, accessUnit,
                presentationOffsetMicros);
    }

    /** When the frame is shown, in epoch microseconds: its capture (decode) time plus its presentation offset. */
    public long presentationEpochMicros() {
        return captureEpochMicros + presentationOffsetMicros;
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
