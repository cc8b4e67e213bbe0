package dev.edgecam.frame;

/**
 * Keeps an H.264 stream's newest SPS and PPS and puts them back in front of a keyframe that comes without them, so
 * that every keyframe is a place a client can start (see {@link Frame#h264}). Needed for encoders and cameras that
 * send the parameter sets once (the Raspberry Pi 4's {@code h264_v4l2m2m}; an RTSP camera that has them only in its
 * SDP). One per stream, used by one thread.
 */
public final class ParameterSets {

    private byte[] newest = new byte[0];

    /** Starts from parameter sets known before the first frame (a decoder's extradata in Annex B form); may be empty. */
    public void seed(byte[] parameterSets) {
        if (AnnexB.hasSpsAndPps(parameterSets)) {
            newest = parameterSets.clone();
        }
    }

    /**
     * {@code accessUnit} as a client needs it: a keyframe without SPS and PPS gets the newest ones in front; anything
     * else is returned as it is (and its parameter sets, if any, are remembered).
     *
     * @throws IllegalStateException for a keyframe that lacks them before any were seen
     */
    public byte[] complete(byte[] accessUnit, boolean keyframe) {
        byte[] own = AnnexB.parameterSets(accessUnit);
        if (AnnexB.hasSpsAndPps(own)) {
            newest = own;
            return accessUnit;
        }
        if (!keyframe) {
            return accessUnit;
        }
        if (newest.length == 0) {
            throw new IllegalStateException("an H.264 keyframe came without SPS and PPS, and none were seen before"
                    + " it: a client could not decode it");
        }
        byte[] whole = new byte[newest.length + accessUnit.length];
        System.arraycopy(newest, 0, whole, 0, newest.length);
        System.arraycopy(accessUnit, 0, whole, newest.length, accessUnit.length);
        return whole;
    }

    /** How many keyframes had them put back is for the caller to count; this says whether any are known yet. */
    public boolean known() {
        return newest.length > 0;
    }
}
