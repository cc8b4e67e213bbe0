package dev.edgecam.bench;

import java.util.Arrays;

/**
 * A growable list of {@code long} samples with a hard cap, so a long run cannot grow memory without bound.
 * Samples past the cap are counted, not stored. Used by one thread at a time.
 */
final class SampleBuffer {

    private final int capacity;
    private long[] values = new long[256];
    private int size;
    private long overflowed;

    /** @param capacity the most samples kept */
    SampleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    void add(long value) {
        if (size == capacity) {
            overflowed++;
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(capacity, values.length * 2L));
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    /** Samples that did not fit under the cap. */
    long overflowed() {
        return overflowed;
    }

    /** Appends every kept sample to {@code target} from {@code offset}; returns the new offset. */
    int copyTo(long[] target, int offset) {
        System.arraycopy(values, 0, target, offset, size);
        return offset + size;
    }
}
