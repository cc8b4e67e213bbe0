package dev.edgecam.record;

import dev.edgecam.frame.Frame;
import java.util.ArrayDeque;

/**
 * The frames between a hub (the capture thread offers) and the recorder thread (it takes), bounded in frames and
 * bytes so a stalled disk never holds more than that.
 *
 * <p><b>Overflow:</b> a frame that does not fit is dropped, and so is every frame after it until the next keyframe
 * that fits: a frame whose reference was dropped cannot be decoded, so the rest of its group of pictures goes too
 * (for JPEG every frame is its own group). Each group so cut counts once in {@link #droppedGops()}. The capture thread
 * never waits.
 */
final class FrameQueue {

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long bytes;
    private boolean dropping;
    private long droppedGops;
    private long droppedFrames;

    FrameQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code frame}, or drops it (see the class comment); never blocks. Returns whether it was queued. */
    synchronized boolean offer(Frame frame) {
        if (dropping && !frame.keyframe()) {
            droppedFrames++;
            return false;
        }
        if (frames.size() >= maxFrames || (bytes + frame.size() > maxBytes && !frames.isEmpty())) {
            if (!dropping || frame.keyframe()) {
                droppedGops++; // this group of pictures, from this frame on
            }
            dropping = true;
            droppedFrames++;
            return false;
        }
        dropping = false;
        frames.add(frame);
        bytes += frame.size();
        notifyAll();
        return true;
    }

    /** Drops frames until the next keyframe without counting them (frames nobody should record: "no signal"). */
    synchronized void skipToKeyframe() {
        dropping = true;
    }

    /** The oldest queued frame, waiting at most {@code timeoutMillis} for one; null when none came. */
    synchronized Frame poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (frames.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        Frame frame = frames.poll();
        bytes -= frame.size();
        return frame;
    }

    /** Groups of pictures dropped (wholly or from some frame on) because the queue was full. */
    synchronized long droppedGops() {
        return droppedGops;
    }

    synchronized long droppedFrames() {
        return droppedFrames;
    }
}
