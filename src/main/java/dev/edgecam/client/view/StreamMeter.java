package dev.edgecam.client.view;

import java.util.ArrayDeque;

/**
 * Frame rate and bit rate over the last {@link #WINDOW_NANOS} of frames, for the overlay. Thread-safe; the
 * window of samples is bounded by time and by {@link #MAX_SAMPLES}.
 */
public final class StreamMeter {

    static final long WINDOW_NANOS = 2_000_000_000L;
    static final int MAX_SAMPLES = 2_000;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** Counts one frame of {@code bytes} that arrived at {@code nanos} ({@link System#nanoTime()}). */
    public synchronized void add(long nanos, int bytes) {
        samples.addLast(new long[] {nanos, bytes});
        while (samples.size() > MAX_SAMPLES || nanos - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    /** Frames per second over the window; 0 until two frames arrived. */
    public synchronized double fps() {
        if (samples.size() < 2) {
            return 0;
        }
        return (samples.size() - 1) / seconds();
    }

    /** Bits per second over the window; 0 until two frames arrived. */
    public synchronized double bitsPerSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        long bytes = 0;
        boolean first = true;
        for (long[] sample : samples) {
            if (!first) {
                bytes += sample[1];
            }
            first = false;
        }
        return bytes * 8 / seconds();
    }

    private double seconds() {
        return Math.max(1e-3, (samples.peekLast()[0] - samples.peekFirst()[0]) / 1e9);
    }
}
