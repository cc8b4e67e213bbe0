package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reconnect delays double up to the cap, and jitter only ever shortens them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {

    /** A random source that always says {@code value}. */
    private static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void delaysDoubleFromTheFirstUpToTheCap() {
        Backoff backoff = Backoff.DEFAULT;
        RandomGenerator noJitter = always(0);
        assertThat(new long[] {backoff.delayMillis(1, noJitter), backoff.delayMillis(2, noJitter),
            backoff.delayMillis(3, noJitter), backoff.delayMillis(5, noJitter), backoff.delayMillis(6, noJitter),
            backoff.delayMillis(7, noJitter), backoff.delayMillis(Integer.MAX_VALUE, noJitter)})
                .containsExactly(1_000, 2_000, 4_000, 16_000, 30_000, 30_000, 30_000);
    }

    @Test
    void jitterShortensADelayByAtMostItsShareAndNeverPassesTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), 0.5);
        assertThat(backoff.delayMillis(1, always(0.999_999))).isEqualTo(50);
        Random random = new Random(15);
        for (int failures = 1; failures <= 40; failures++) {
            long base = Math.min(800, 100L << Math.min(failures - 1, 20));
            assertThat(backoff.delayMillis(failures, random)).isBetween(base / 2, base);
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("at most the largest");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .hasMessageContaining("between 0 and 1");
    }
}
