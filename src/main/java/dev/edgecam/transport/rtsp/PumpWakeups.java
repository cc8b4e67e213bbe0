package dev.edgecam.transport.rtsp;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a pump on its event loop at most once per wake-up however many frames arrive meanwhile: the hub's listener
 * calls {@link #wake} from the capture thread for every frame, and a pump that stopped at its per-pass limit asks for
 * the next pass after a pause ({@link #wakeAfter}). At most one pass is queued at a time. Used by the UDP senders
 * ({@link UdpUnicastDelivery}, {@link UdpFanout}).
 */
final class PumpWakeups {

    private final EventLoop loop;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Runnable task;

    PumpWakeups(EventLoop loop, Runnable pump) {
        this.loop = loop;
        this.task = () -> {
            queued.set(false);
            pump.run();
        };
    }

    /** Queues a pass now, unless one is queued. Any thread. */
    void wake() {
        if (queued.compareAndSet(false, true)) {
            loop.execute(task);
        }
    }

    /** Queues a pass after {@code micros}, unless one is queued (a new frame's wake-up may come first). */
    void wakeAfter(long micros) {
        if (queued.compareAndSet(false, true)) {
            loop.schedule(task, micros, TimeUnit.MICROSECONDS);
        }
    }
}
