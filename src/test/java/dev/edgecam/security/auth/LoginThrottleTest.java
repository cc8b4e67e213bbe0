package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LoginThrottleTest {

    @Test
    void aBurstOfFailuresBlocksThatAddressUntilTheBucketRefills() throws Exception {
        AtomicLong clock = new AtomicLong();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMillis(300).toNanos(), clock::get);
        InetAddress guesser = InetAddress.getByName("10.0.0.9");
        InetAddress other = InetAddress.getByName("10.0.0.10");
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfterSeconds(guesser)).isZero();
            throttle.failed(guesser);
        }
        assertThat(throttle.retryAfterSeconds(guesser)).isEqualTo(1);
        assertThat(throttle.retryAfterSeconds(other)).isZero();
        // One failure's worth comes back after one refill period, not before (the test's clock: no wait, no race
        // with a busy machine's scheduler).
        clock.addAndGet(Duration.ofMillis(299).toNanos());
        assertThat(throttle.retryAfterSeconds(guesser)).isEqualTo(1);
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(throttle.retryAfterSeconds(guesser)).isZero();
        throttle.failed(guesser);
        assertThat(throttle.retryAfterSeconds(guesser)).isPositive();
    }

    @Test
    void theTableOfAddressesIsBounded() throws Exception {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ofHours(1).toNanos());
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 100; i++) {
            throttle.failed(InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i}));
        }
        // Past the bound, newcomers share one bucket: they are throttled together, and memory stays bounded.
        InetAddress newcomer = InetAddress.getByName("10.9.9.9");
        assertThat(throttle.retryAfterSeconds(newcomer)).isPositive();
        assertThat(throttle.retryAfterSeconds(InetAddress.getByName("10.1.0.1"))).as("kept its own bucket").isPositive();
    }
}
