package dev.edgecam.publish;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a publisher waits before it connects again: {@code first}, doubling with each failure in a row up to
 * {@code max}, each delay shortened by a random part of up to {@code jitter} of it, so cameras that lost the same
 * server do not all come back in the same millisecond. The delay never exceeds {@code max}.
 *
 * @param jitter 0 (none) to 1 (anything from 0 to the full delay)
 */
public record Backoff(Duration first, Duration max, double jitter) {

    /** 1, 2, 4, 8, 16 s, then every 30 s, each up to a fifth shorter. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " to " + max + ": the first delay must be"
                    + " positive and at most the largest");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter " + jitter + " is not between 0 and 1");
        }
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} (1 or more) failures in a row. */
    public long delayMillis(int failures, RandomGenerator random) {
        long firstMillis = first.toMillis();
        long maxMillis = max.toMillis();
        long base = firstMillis;
        for (int doubled = 1; doubled < failures && base < maxMillis; doubled++) { // at most about 60 rounds
            base *= 2;
        }
        base = Math.min(base, maxMillis);
        return Math.round(base * (1 - jitter * random.nextDouble()));
    }
}
