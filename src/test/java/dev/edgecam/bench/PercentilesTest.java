package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.bench.Percentiles.Spread;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PercentilesTest {

    private static final double[] ONE_TO_HUNDRED = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

    @Test
    void nearestRankOfOneToHundredIsThePercentItself() {
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 50)).isEqualTo(50);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 95)).isEqualTo(95);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 99)).isEqualTo(99);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 100)).isEqualTo(100);
        assertThat(Percentiles.of(ONE_TO_HUNDRED, 0.5)).isEqualTo(1);
    }

    @Test
    void nearestRankRoundsUpBetweenValues() {
        double[] sorted = {10, 20, 30, 40};
        assertThat(Percentiles.of(sorted, 50)).isEqualTo(20);
        assertThat(Percentiles.of(sorted, 51)).isEqualTo(30);
        assertThat(Percentiles.of(sorted, 99)).isEqualTo(40);
        assertThat(Percentiles.of(new double[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void noValuesGiveNaNAndBadPercentsAreRefused() {
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_HUNDRED, 0)).hasMessageContaining("above 0");
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_HUNDRED, 101)).hasMessageContaining("at most 100");
    }

    @Test
    void spreadSortsACopy() {
        double[] values = {30, 10, 25, 29.5};
        assertThat(Spread.of(values)).isEqualTo(new Spread(10, 25, 30));
        assertThat(values).containsExactly(30, 10, 25, 29.5);
        assertThat(Spread.of(new double[0]).median()).isNaN();
    }

    @Test
    void sampleBufferKeepsAtMostItsCapacityAndCountsTheRest() {
        SampleBuffer buffer = new SampleBuffer(300);
        for (int i = 0; i < 1000; i++) {
            buffer.add(i);
        }
        assertThat(buffer.size()).isEqualTo(300);
        assertThat(buffer.overflowed()).isEqualTo(700);
        long[] copy = new long[302];
        assertThat(buffer.copyTo(copy, 2)).isEqualTo(302);
        assertThat(copy[2]).isZero();
        assertThat(copy[301]).isEqualTo(299);
    }
}
