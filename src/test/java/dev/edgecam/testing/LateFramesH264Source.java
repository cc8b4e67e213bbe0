package dev.edgecam.testing;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import java.util.List;

/**
 * A camera on a busy board: {@link H264TestStream}'s access units, looped at 30 fps, but now and then a frame comes
 * late, stamped when it really comes (as a capture loop on a loaded Raspberry Pi stamps it). Every other GOP, its
 * frame {@link #LATE_FRAME_IN_GOP} is late by the next of {@link #LATE_MILLIS} (150 to 400 ms, and a whole second:
 * a camera that stalled). After a late frame the camera keeps its pace from there (no burst of frames to catch up).
 *
 * <p>The late frame sits just after a keyframe, so a player that treats the jump as a discontinuity and drops the
 * frames up to the next keyframe (Chromium's MSE, with decode times that jump) loses almost a whole GOP.
 */
public final class LateFramesH264Source implements FrameSource {

    /** How late each late frame is, in turn. */
    public static final long[] LATE_MILLIS = {150, 250, 1000, 400, 300};
    /** The frame of a GOP that comes late: the third after its keyframe. */
    public static final int LATE_FRAME_IN_GOP = 3;

    private final List<byte[]> units;
    private final boolean[] keyframes;
    private final long frameNanos = 1_000_000_000L / H264TestStream.FPS;
    private long nextDue;
    private int index;
    private int gop;
    private int lateCount;

    public LateFramesH264Source() throws Exception {
        this.units = H264TestStream.accessUnits();
        this.keyframes = new boolean[units.size()];
        for (int i = 0; i < keyframes.length; i++) {
            keyframes[i] = H264TestStream.isKeyframe(units.get(i));
        }
    }

    /** How many frames came late so far. */
    public synchronized int lateFrames() {
        return lateCount;
    }

    @Override
    public String describe() {
        return "H.264 test stream with late frames (" + units.size() + " access units, looped)";
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.TEST;
    }

    @Override
    public void open() {
        nextDue = System.nanoTime();
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        byte[] unit = units.get(index);
        boolean keyframe = keyframes[index];
        if (keyframe) {
            gop++;
        }
        int inGop = index % H264TestStream.FPS;
        if (gop % 2 == 0 && inGop == LATE_FRAME_IN_GOP) {
            synchronized (this) {
                nextDue += LATE_MILLIS[lateCount % LATE_MILLIS.length] * 1_000_000L;
                lateCount++;
            }
        }
        long wait = nextDue - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long captured = System.nanoTime();
        // The pace goes on from this frame: a late frame moves the whole schedule, as a stalled camera does.
        nextDue = Math.max(nextDue, captured - frameNanos) + frameNanos;
        index = (index + 1) % units.size();
        return new Capture.Encoded(Codec.H264, keyframe, unit, H264TestStream.WIDTH, H264TestStream.HEIGHT, captured,
                Capture.nowEpochMicros());
    }

    @Override
    public double nominalFps() {
        return H264TestStream.FPS;
    }

    @Override
    public Size size() {
        return new Size(H264TestStream.WIDTH, H264TestStream.HEIGHT);
    }

    @Override
    public void close() {
    }
}
