package dev.edgecam.hub;

import dev.edgecam.frame.Frame;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the newest encoded frame; latest frame wins. Clients read {@link #latest()} when they are ready to
 * send and take the newest frame they have not yet sent, so a slow client skips frames instead of building
 * a queue, and nothing a client does can delay the capture thread or another client.
 *
 * <p>Listeners are only woken: they never receive a queue. Their number is the demand: while there are
 * none, the capture loop keeps the source's pace but does not encode.
 */
public final class FrameHub implements Hub {

    private static final Logger log = LoggerFactory.getLogger(FrameHub.class);

    private final CopyOnWriteArrayList<FrameListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Frame latest;
    private volatile long latestIntervalNanos;

    /** Makes {@code frame} the newest and wakes every listener. Called by the capture loop only. */
    public void publish(Frame frame) {
        if (!frame.keyframe()) {
            // A client that skipped the frame before it could not decode this one.
            throw new IllegalArgumentException(frame + " depends on earlier frames: latest frame wins only for frames"
                    + " that stand alone (JPEG); serve " + frame.codec().label() + " from a GopHub");
        }
        Frame previous = latest;
        if (previous != null && frame.sequence() <= previous.sequence()) {
            throw new IllegalArgumentException("frame " + frame.sequence() + " is not newer than " + previous.sequence());
        }
        latestIntervalNanos = previous == null ? 0 : frame.captureNanos() - previous.captureNanos();
        latest = frame;
        for (FrameListener listener : listeners) {
            try {
                listener.onFrame(frame);
            } catch (RuntimeException e) {
                // One broken client must not stop the camera or the others.
                log.warn("HUB: a frame listener failed: {}", e.toString(), e);
            }
        }
    }

    /** The newest frame, or {@code null} before the first one. */
    public Frame latest() {
        return latest;
    }

    /**
     * Capture time from the frame before the newest to the newest: the source's recent frame interval (long after
     * the capture loop idled), or 0 before the second frame.
     */
    public long latestIntervalNanos() {
        return latestIntervalNanos;
    }

    /** Starts waking {@code listener} on every new frame; it also counts as demand for encoding. */
    public void subscribe(FrameListener listener) {
        listeners.addIfAbsent(listener);
    }

    public void unsubscribe(FrameListener listener) {
        listeners.remove(listener);
    }

    /** True while someone wants frames. */
    public boolean hasDemand() {
        return !listeners.isEmpty();
    }

    public int listenerCount() {
        return listeners.size();
    }
}
