package dev.edgecam.transport.http;

import java.util.function.LongSupplier;

/**
 * The rate of a growing count over the last second or more, for {@code /state}. Sampled when asked: the rate
 * covers the time since the previous sample, and a sample taken less than a second after the previous one
 * returns the previous rate, so many pages polling at once all see a steady number.
 */
final class RateWindow {

    private static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier count;
    private long startNanos = System.nanoTime();
    private long startCount;
    private double rate;

    RateWindow(LongSupplier count) {
        this.count = count;
        this.startCount = count.getAsLong();
    }

    /** Units per second over the latest finished window. */
    synchronized double perSecond() {
        long now = System.nanoTime();
        long elapsed = now - startNanos;
        if (elapsed >= MIN_WINDOW_NANOS) {
            long current = count.getAsLong();
            rate = (current - startCount) * 1e9 / elapsed;
            startNanos = now;
            startCount = current;
        }
        return rate;
    }
}
