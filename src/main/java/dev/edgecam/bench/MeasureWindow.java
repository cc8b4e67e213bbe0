package dev.edgecam.bench;

/**
 * The span of a run that counts: it opens once every client is connected (or the connect phase timed out)
 * and closes after the asked duration, so connecting and warming up do not dilute the frame rates.
 * Written by the generator's thread, read by the receivers' event loops.
 */
final class MeasureWindow {

    private volatile long openedNanos = Long.MAX_VALUE;
    private volatile long closedNanos = Long.MAX_VALUE;

    void open(long nowNanos) {
        openedNanos = nowNanos;
    }

    void close(long nowNanos) {
        closedNanos = nowNanos;
    }

    boolean contains(long nanos) {
        return nanos - openedNanos >= 0 && nanos - closedNanos < 0 && openedNanos != Long.MAX_VALUE;
    }

    /** True once the generator has closed the window: connections ending now are being ended by it. */
    boolean isClosed(long nowNanos) {
        long closed = closedNanos;
        return closed != Long.MAX_VALUE && nowNanos - closed >= 0;
    }

    /** Seconds between open and close; 0 while not both happened. */
    double seconds() {
        long opened = openedNanos;
        long closed = closedNanos;
        return opened == Long.MAX_VALUE || closed == Long.MAX_VALUE ? 0 : (closed - opened) / 1e9;
    }
}
