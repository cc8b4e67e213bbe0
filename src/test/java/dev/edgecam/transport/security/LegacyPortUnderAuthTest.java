package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.LegacyPeer;
import dev.edgecam.testing.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The legacy protocol cannot carry credentials: with authentication on, it serves only --legacy-allow. */
@Timeout(60)
class LegacyPortUnderAuthTest {

    private EdgecamServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private static SecurityConfig withAuth() {
        return SecurityConfig.open().withAuth(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.none());
    }

    @Test
    void theLegacyPortIsOffWithAuthenticationAndNoLegacyAllowList() throws Exception {
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1"), withAuth());
        assertThat(server.tcpPort()).isEqualTo(-1);
    }

    @Test
    void withALegacyAllowListOnlyThoseAddressesAreServed() throws Exception {
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1"),
                withAuth().withAllow(AddressAllowList.ANYONE, AddressAllowList.parse("127.0.0.5")));
        try (LegacyPeer stranger = LegacyPeer.connect("127.0.0.1", "127.0.0.1", server.tcpPort(), 5_000);
             LegacyPeer trusted = LegacyPeer.connect("127.0.0.5", "127.0.0.1", server.tcpPort(), 5_000)) {
            assertThat(stranger.closedByServer()).isTrue();
            assertThat(trusted.requestFrame()).isNotNull();
        }
    }
}
