package dev.edgecam.record;

import dev.edgecam.frame.Durations;
import java.time.Duration;

/**
 * Reads the lengths a recording is configured with ({@code segment}, {@code keep}): {@code 10s}, {@code 5m},
 * {@code 1h}, {@code 7d}, {@code 2w}, {@code 1d12h}; a bare number is seconds; at most 10 years.
 */
public final class RecordDurations {

    private static final Duration LONGEST = Duration.ofDays(10 * 366);

    private RecordDurations() {
    }

    /** @throws IllegalArgumentException naming the value and what is accepted */
    public static Duration parse(String value) {
        try {
            Duration total = Durations.parse(value);
            if (total.compareTo(LONGEST) <= 0) {
                return total;
            }
        } catch (IllegalArgumentException e) {
            // said below, with examples
        }
        throw new IllegalArgumentException("'" + value + "' is not a recording length: write a number with a unit,"
                + " such as 10s, 5m, 1h, 7d or 2w (at most 10 years)");
    }
}
