package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits, without blocking the event loop, for a hub's keyframe: the cached one at once, else the next one the
 * camera publishes. Subscribing is demand, so a camera nobody watched starts encoding for it. DESCRIBE needs one
 * for the SPS and PPS of its SDP.
 */
final class KeyframeWaiter {

    private final GopHub.Subscriber subscriber;
    private final EventLoop loop;
    private final Consumer<Frame> done;
    private final ScheduledFuture<?> timeout;
    private boolean finished;

    /** @param done told the keyframe, or null after {@code wait}, on {@code loop}, once */
    private KeyframeWaiter(GopHub hub, EventLoop loop, Duration wait, Consumer<Frame> done) {
        this.loop = loop;
        this.done = done;
        this.subscriber = hub.subscribe(frame -> loop.execute(this::check));
        this.timeout = loop.schedule(() -> finish(null), wait.toMillis(), TimeUnit.MILLISECONDS);
        loop.execute(this::check);
    }

    /** Starts waiting; call on {@code loop}. */
    static void await(GopHub hub, EventLoop loop, Duration wait, Consumer<Frame> done) {
        new KeyframeWaiter(hub, loop, wait, done);
    }

    private void check() {
        if (!finished) {
            Frame first = subscriber.next(); // a subscriber's first frame is always a keyframe
            if (first != null) {
                finish(first);
            }
        }
    }

    private void finish(Frame keyframe) {
        if (finished) {
            return;
        }
        finished = true;
        subscriber.close();
        timeout.cancel(false);
        if (loop.inEventLoop()) {
            done.accept(keyframe);
        } else {
            loop.execute(() -> done.accept(keyframe));
        }
    }
}
