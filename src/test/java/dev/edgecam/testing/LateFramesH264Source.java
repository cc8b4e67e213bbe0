package dev.edgecam.testing;

import dev.edgecam.source.FrameSource;

/**
 * A camera on a busy board: {@link H264FileStandIn} (H264TestStream's access units, looped at 30 fps) whose frames now
 * and then come late, stamped when they come (as a capture loop on a loaded Raspberry Pi stamps them). Every other GOP,
 * its frame {@link #LATE_FRAME_IN_GOP} is late by the next of {@link #LATE_MILLIS} (150 to 400 ms, and a whole second:
 * a camera that stalled). After a late frame the camera keeps its pace from there (no burst of frames to catch up).
 *
 * <p>The late frame sits just after a keyframe, so a player that treats the jump as a discontinuity and drops the
 * frames up to the next keyframe (Chromium's MSE, with decode times that jump) loses almost a whole GOP.
 */
public final class LateFramesH264Source implements H264FileStandIn.Lateness {

    /** How late each late frame is, in turn. */
    public static final long[] LATE_MILLIS = {150, 250, 1000, 400, 300};
    /** The frame of a GOP that comes late: the third after its keyframe. */
    public static final int LATE_FRAME_IN_GOP = 3;

    private int gop;
    private int lateCount;

    private LateFramesH264Source() {
    }

    /** The camera: a fresh schedule, from its first GOP. */
    public static FrameSource camera() throws Exception {
        return new H264FileStandIn(new LateFramesH264Source());
    }

    @Override
    public long lateNanos(int index, boolean keyframe) {
        if (keyframe) {
            gop++;
        }
        if (gop % 2 != 0 || index % H264TestStream.FPS != LATE_FRAME_IN_GOP) {
            return 0;
        }
        return LATE_MILLIS[lateCount++ % LATE_MILLIS.length] * 1_000_000L;
    }
}
