package dev.edgecam.transport.http;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.FrameListener;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Waits for the first frame captured after a snapshot request, then hands it to the connection's event loop.
 * While it waits it counts as demand, so the capture loop encodes; it stops counting as soon as it has its
 * frame, gives up, or the client leaves. Exactly one of {@code onFrame} and {@code onTimeout} runs, once.
 */
final class SnapshotWaiter implements FrameListener {

    private final FrameHub hub;
    private final EventLoop loop;
    private final long requestedNanos = System.nanoTime();
    private final Consumer<Frame> onFrame;
    private final Runnable onTimeout;
    private final AtomicBoolean done = new AtomicBoolean();
    private ScheduledFuture<?> timer;

    SnapshotWaiter(FrameHub hub, EventLoop loop, Consumer<Frame> onFrame, Runnable onTimeout) {
        this.hub = hub;
        this.loop = loop;
        this.onFrame = onFrame;
        this.onTimeout = onTimeout;
    }

    /** Starts waiting; called on the event loop. */
    void start(long timeoutMillis) {
        timer = loop.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
        hub.subscribe(this);
    }

    /** Runs on the capture thread: only picks the frame and wakes the event loop. */
    @Override
    public void onFrame(Frame frame) {
        if (frame.captureNanos() - requestedNanos < 0 || !finish()) {
            return;
        }
        loop.execute(() -> {
            timer.cancel(false);
            onFrame.accept(frame);
        });
    }

    private void timedOut() {
        if (finish()) {
            onTimeout.run();
        }
    }

    /** Stops waiting without answering (the client left). */
    void cancel() {
        if (finish() && timer != null) {
            timer.cancel(false);
        }
    }

    private boolean finish() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        hub.unsubscribe(this);
        return true;
    }
}
