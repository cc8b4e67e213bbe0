package dev.edgecam.source;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a steady frame rate: each {@link #awaitNext()} returns one period after the previous one. A caller
 * that fell more than a period behind starts afresh instead of bursting to catch up.
 */
final class Pacer {

    private final long periodNanos;
    private long nextDueNanos;
    private boolean started;

    Pacer(double fps) {
        this.periodNanos = Math.max(1, Math.round(1_000_000_000d / fps));
    }

    /** Sleeps until the next frame is due. */
    void awaitNext() throws InterruptedException {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            nextDueNanos = now;
            return;
        }
        nextDueNanos += periodNanos;
        if (now - nextDueNanos > periodNanos) {
            nextDueNanos = now;
            return;
        }
        sleepUntil(nextDueNanos);
    }

    /** Sleeps until {@code deadlineNanos} on the {@link System#nanoTime()} clock. */
    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException("pacing interrupted");
            }
        }
    }
}
