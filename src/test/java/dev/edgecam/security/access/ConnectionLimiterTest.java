package dev.edgecam.security.access;

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

    @Test
    void withLoginsPlacesAreKeptForAddressesThatHaveLoggedIn() throws Exception {
        // The "shop": 32 places, a quarter per address, an eighth kept for people who have logged in.
        ConnectionLimits shop = ConnectionLimits.defaults().withClients(32, ConnectionLimits.defaultPerAddress(32));
        ConnectionLimiter limiter = new ConnectionLimiter(shop, true);
        assertThat(shop.maxClientsPerAddress()).isEqualTo(8);
        assertThat(limiter.reserved()).isEqualTo(4);
        InetAddress user = InetAddress.getByName("10.0.0.99");
        // Hosts that never log in, each taking its whole share, stop short of the reserved places.
        int taken = 0;
        for (int host = 1; host <= 4; host++) {
            InetAddress attacker = InetAddress.getByName("10.0.1." + host);
            for (int i = 0; i < 8; i++) {
                if (limiter.tryAcquire(attacker) == null) {
                    taken++;
                }
            }
        }
        assertThat(taken).isEqualTo(28);
        assertThat(limiter.tryAcquire(InetAddress.getByName("10.0.2.1"))).contains("kept for addresses that have logged in");
        assertThat(limiter.tryAcquire(user)).as("not logged in yet").isNotNull();

        limiter.loggedIn(user);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryAcquire(user)).isNull();
        }
        assertThat(limiter.tryAcquire(user)).contains("too many clients (limit 32, --max-clients)");
        assertThat(limiter.open()).isEqualTo(32);
    }

    @Test
    void withoutLoginsNothingIsReserved() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(ConnectionLimits.defaults().withClients(2, 2), false);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        assertThat(limiter.tryAcquire(a)).isNull();
        assertThat(limiter.tryAcquire(a)).isNull();
    }

    @Test
    void thePerAddressLimitIsAFractionOfTheTotalAndNeverAbove() {
        assertThat(ConnectionLimits.defaultPerAddress(512)).isEqualTo(64);
        assertThat(ConnectionLimits.defaultPerAddress(32)).isEqualTo(8);
        assertThat(ConnectionLimits.defaultPerAddress(16)).isEqualTo(4);
        assertThat(ConnectionLimits.defaultPerAddress(2)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionLimits.defaults().withClients(32, 64))
                .hasMessageContaining("--max-clients-per-address 64 is more than --max-clients 32");
    }
}
