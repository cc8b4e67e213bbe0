package dev.edgecam.record;

import dev.edgecam.frame.Frame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides, in {@code record: {mode: motion}}, which frames go into clips: while motion lasts and for {@code post}
 * after it, with the {@code pre} time before it. It keeps the recent frames from the newest keyframe at or before
 * {@code pre} ago (bounded by {@link #MAX_BYTES}: a long GOP of big frames keeps less), so a clip starts at a keyframe
 * at least {@code pre} before the motion began. Used by the recorder thread only.
 */
final class ClipGate {

    /** The pre-event buffer holds at most this much: the launcher's heap is 24 MiB (about 20 s of 2 Mbit/s H.264). */
    static final long MAX_BYTES = 4L << 20;

    private final long preMicros;
    private final long postMicros;
    private final LongSupplier motionUntilMicros;
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();
    private long recentBytes;
    private boolean open;

    /** @param motionUntilMicros as {@link CameraRecorder.MotionClips#motionUntilMicros} */
    ClipGate(long preMicros, long postMicros, LongSupplier motionUntilMicros) {
        this.preMicros = preMicros;
        this.postMicros = postMicros;
        this.motionUntilMicros = motionUntilMicros;
    }

    /**
     * Takes the next frame; returns what to write now: nothing outside a clip, the buffered frames (from a keyframe,
     * this one last) when a clip begins, else this frame.
     */
    List<Frame> take(Frame frame) {
        keep(frame);
        long until = motionUntilMicros.getAsLong();
        // By capture times: a frame that waited in the queue while the motion ended is judged by when it was taken.
        boolean wanted = until == CameraRecorder.MotionClips.ONGOING
                || (until != CameraRecorder.MotionClips.NEVER && frame.captureEpochMicros() - until <= postMicros);
        if (!wanted) {
            open = false;
            return List.of();
        }
        if (!open && recent.peekFirst() != null && recent.peekFirst().keyframe()) {
            open = true;
            return List.copyOf(recent);
        }
        return open ? List.of(frame) : List.of();
    }

    /** Whether a clip is being written. */
    boolean open() {
        return open;
    }

    private void keep(Frame frame) {
        recent.addLast(frame);
        recentBytes += frame.size();
        long oldestWanted = frame.captureEpochMicros() - preMicros;
        // Drop a whole GOP from the front while the next keyframe is still old enough to start a clip, or while over.
        while (true) {
            Frame nextKeyframe = recent.stream().skip(1).filter(Frame::keyframe).findFirst().orElse(null);
            if (nextKeyframe == null || (nextKeyframe.captureEpochMicros() > oldestWanted && recentBytes <= MAX_BYTES)) {
                return;
            }
            while (recent.peekFirst() != nextKeyframe) {
                recentBytes -= recent.removeFirst().size();
            }
        }
    }
}
