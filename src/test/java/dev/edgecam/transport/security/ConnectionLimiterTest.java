package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnectionLimiterTest {

    @Test
    void limitsEachAddressAndTheTotalAndGivesPlacesBack() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(ConnectionLimits.defaults().withClients(3, 2));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        InetAddress c = InetAddress.getByName("10.0.0.3");
        assertThat(limiter.tryAcquire(a)).isNull();
        assertThat(limiter.tryAcquire(a)).isNull();
        assertThat(limiter.tryAcquire(a)).contains("from this address").contains("--max-clients-per-address");
        assertThat(limiter.tryAcquire(b)).isNull();
        assertThat(limiter.tryAcquire(c)).contains("too many clients (limit 3");
        assertThat(limiter.open()).isEqualTo(3);
        assertThat(limiter.open(a)).isEqualTo(2);

        limiter.release(a);
        assertThat(limiter.tryAcquire(c)).isNull();
        limiter.release(a);
        limiter.release(b);
        limiter.release(c);
        assertThat(limiter.open()).isZero();
        assertThat(limiter.open(a)).isZero();
    }
}
