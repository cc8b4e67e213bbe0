package dev.edgecam.frame;

/**
 * How a {@link Frame}'s bytes are encoded, and so which hub kind and which transports can carry it.
 */
public enum Codec {

    /** One baseline JPEG image; every frame stands alone (each is a keyframe). */
    JPEG("JPEG", false),

    /**
     * One H.264 access unit in Annex B form (each NAL unit after a {@code 00 00 01} or {@code 00 00 00 01} start
     * code), with SPS and PPS in front of every keyframe. Frames between keyframes depend on earlier frames.
     */
    H264("H.264", true);

    private final String label;
    private final boolean interFrame;

    Codec(String label, boolean interFrame) {
        this.label = label;
        this.interFrame = interFrame;
    }

    /** The codec's usual name, for logs and messages ({@code JPEG}, {@code H.264}). */
    public String label() {
        return label;
    }

    /** True when frames may depend on earlier frames, so a client must start at a keyframe and skip to one. */
    public boolean interFrame() {
        return interFrame;
    }
}
