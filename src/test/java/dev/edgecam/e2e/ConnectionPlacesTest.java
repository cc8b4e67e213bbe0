package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.HttpPeer;
import dev.edgecam.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection places (issue 11, item 4) on real loopback sockets: an idle connection that never asks anything
 * is closed after {@link ConnectionLimits#FIRST_REQUEST_TIMEOUT}, one address keeps to its share, and with
 * logins some places stay for addresses that have logged in.
 */
@Timeout(90)
class ConnectionPlacesTest {

    private EdgecamServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(SecurityConfig security) throws Exception {
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0), security);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedLongBeforeTheRequestTimeout() throws Exception {
        // With a minute to send a request, an idle connection used to hold its place for the whole minute.
        start(SecurityConfig.open().withLimits(ConnectionLimits.defaults().withTimeouts(
                ConnectionLimits.DEFAULT_LEGACY_IDLE_TIMEOUT, Duration.ofSeconds(60), ConnectionLimits.DEFAULT_WRITE_TIMEOUT)));
        Socket idle = connect();
        InputStream in = idle.getInputStream();
        assertThat(in.read()).as("closed by the server without a reply, within the socket timeout").isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);

        // A client that does ask is not affected: it gets its answer on the same connection much later.
        Socket asking = connect();
        asking.getOutputStream().write("GET /st".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(ConnectionLimits.FIRST_REQUEST_TIMEOUT.toMillis() + 1_000);
        asking.getOutputStream().write("ate HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(asking.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }

    @Test
    void withLoginsAnAddressThatHasLoggedInMayUseTheReservedPlaces() throws Exception {
        // Two places, one of them kept for addresses that have logged in.
        start(SecurityConfig.open().withLimits(ConnectionLimits.defaults().withClients(2, 2))
                .withAuth(UserStore.of(List.of("alice:wonderland"), List.of()), PublicEndpoints.none()));
        Socket first = connect();
        // The server takes the place when it registers the connection, a moment after the client's connect returns.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
        Socket second = connect();
        second.getOutputStream().write("GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(second.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                .as("the reserved place is not for an address that never logged in").isEqualTo("HTTP/1.1 503");
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);

        String login = "Basic " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
        assertThat(HttpPeer.get("127.0.0.1", server.httpPort(), "/state", login).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
        Socket reserved = connect();
        reserved.getOutputStream().write(("GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + login
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(reserved.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }
}
