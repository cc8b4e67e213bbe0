package dev.edgecam.bench;

import java.util.Arrays;

/** Nearest-rank percentiles and min/median/max of measured values. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The nearest-rank percentile of {@code sorted}: the smallest value with at least {@code percent}% of
     * the values at or below it. {@code NaN} when there are no values.
     *
     * @param sorted values in ascending order
     * @param percent 0 (exclusive) to 100 (inclusive); 50 is the median
     */
    public static double of(double[] sorted, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, not " + percent);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Min, median and max of some values (all {@code NaN} when there are none). */
    public record Spread(double min, double median, double max) {

        public static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN);
            }
            return new Spread(sorted[0], Percentiles.of(sorted, 50), sorted[sorted.length - 1]);
        }
    }
}
