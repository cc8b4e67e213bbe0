package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.LegacyPeer;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Allow-lists and limits on the legacy port, with real sockets from several loopback addresses. */
@Timeout(60)
class LegacyAccessTest {

    private static final int STALLED_CLIENTS = 3;

    private final List<AutoCloseable> open = new ArrayList<>();
    private EdgecamServer server;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String host, SecurityConfig security) throws Exception {
        server = EdgecamServer.start(TestServers.smallTestPattern(host), security);
    }

    private LegacyPeer client(String from, String to, int readTimeoutMillis) throws Exception {
        LegacyPeer c = LegacyPeer.connect(from, to, server.tcpPort(), readTimeoutMillis);
        open.add(c);
        return c;
    }

    @Test
    void addressesOutsideTheAllowListAreClosedWithoutABytePassingEitherWay() throws Exception {
        start("127.0.0.1", SecurityConfig.open().withAllow(AddressAllowList.parse("127.0.0.2/32"), null));
        LegacyPeer stranger = client("127.0.0.1", "127.0.0.1", 5_000);
        stranger.send(Command.START_STREAM, Command.REQUEST_FRAME);
        assertThat(stranger.closedByServer()).isTrue();

        LegacyPeer friend = client("127.0.0.2", "127.0.0.1", 5_000);
        assertThat(friend.requestFrame()).isNotNull();
        assertThat(server.clients().count("tcp")).as("the refused client never became a client").isEqualTo(1);
    }

    @Test
    void ipv6AllowListsWorkOnADualStackPort() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this machine");
        start("::", SecurityConfig.open().withAllow(AddressAllowList.parse("::1"), null));
        LegacyPeer v4 = client("127.0.0.1", "127.0.0.1", 5_000);
        assertThat(v4.closedByServer()).isTrue();
        LegacyPeer v6 = client("::1", "::1", 5_000);
        assertThat(v6.requestFrame()).isNotNull();
    }

    @Test
    void perAddressLimitRefusesTheExtraConnectionOnlyAndFreesPlacesOnClose() throws Exception {
        start("127.0.0.1", SecurityConfig.open().withLimits(ConnectionLimits.defaults().withClients(10, 2)));
        LegacyPeer first = client("127.0.0.1", "127.0.0.1", 5_000);
        LegacyPeer second = client("127.0.0.1", "127.0.0.1", 5_000);
        assertThat(first.requestFrame()).isNotNull();
        assertThat(second.requestFrame()).isNotNull();
        LegacyPeer third = client("127.0.0.1", "127.0.0.1", 5_000);
        assertThat(third.closedByServer()).isTrue();
        // Another address is not affected, and the two admitted clients keep working.
        assertThat(client("127.0.0.3", "127.0.0.1", 5_000).requestFrame()).isNotNull();
        assertThat(first.requestFrame()).isNotNull();

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.clients().count("tcp") == 2);
        assertThat(client("127.0.0.1", "127.0.0.1", 5_000).requestFrame()).isNotNull();
    }

    @Test
    void totalLimitCountsEveryAddress() throws Exception {
        start("127.0.0.1", SecurityConfig.open().withLimits(ConnectionLimits.defaults().withClients(2, 2)));
        assertThat(client("127.0.0.1", "127.0.0.1", 5_000).requestFrame()).isNotNull();
        assertThat(client("127.0.0.2", "127.0.0.1", 5_000).requestFrame()).isNotNull();
        assertThat(client("127.0.0.3", "127.0.0.1", 5_000).closedByServer()).isTrue();
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeoutWhileAStreamingOneStays() throws Exception {
        ConnectionLimits limits = ConnectionLimits.defaults().withTimeouts(Duration.ofSeconds(1),
                ConnectionLimits.DEFAULT_REQUEST_TIMEOUT, ConnectionLimits.DEFAULT_WRITE_TIMEOUT);
        start("127.0.0.1", SecurityConfig.open().withLimits(limits));
        LegacyPeer streaming = client("127.0.0.1", "127.0.0.1", 5_000);
        streaming.send(Command.START_STREAM, Command.REQUEST_FRAME);
        LegacyPeer silent = client("127.0.0.1", "127.0.0.1", 4_000);
        long started = System.nanoTime();
        assertThat(silent.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(700));
        // The streaming client received frames all along and still does: writes count as activity.
        for (int i = 0; i < 25; i++) {
            assertThat(streaming.readFrame()).isNotNull();
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileAnotherKeepsItsFrames() throws Exception {
        startWithAOneSecondWriteTimeout();
        ListAppender<ILoggingEvent> leaveLines = capture(ClientRegistry.class);
        LegacyPeer stalled = client("127.0.0.2", "127.0.0.1", 5_000);
        stalled.socket().setReceiveBufferSize(4096);
        stalled.send(Command.START_STREAM, Command.REQUEST_FRAME);
        LegacyPeer healthy = client("127.0.0.1", "127.0.0.1", 5_000);
        healthy.send(Command.START_STREAM, Command.REQUEST_FRAME);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.clients().count("tcp") == 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int frames = 0;
        while (server.clients().count("tcp") == 2 && System.nanoTime() < deadline) {
            assertThat(healthy.readFrame()).isNotNull();
            frames++;
        }
        assertThat(server.clients().count("tcp")).as("the stalled client was dropped").isEqualTo(1);
        // The registry logs the leave just after counting the client out: wait for the line.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.copyOf(leaveLines.list))
                .anyMatch(line -> line.getFormattedMessage().contains("127.0.0.2")
                        && line.getFormattedMessage().contains("dropped: it accepted no data for 1.0 s (--write-timeout)")));
        assertThat(server.clients().clients().get(0).address()).startsWith("127.0.0.1:");
        for (int i = 0; i < 10; i++) {
            assertThat(healthy.readFrame()).isNotNull();
        }
        assertThat(frames).isPositive();
    }

    @Test
    void clientsFromOneAddressThatStopReadingAreLoggedOnceNotOnceAConnection() throws Exception {
        startWithAOneSecondWriteTimeout();
        ListAppender<ILoggingEvent> lines = capture(AccessControl.class);
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            LegacyPeer stalled = client("127.0.0.2", "127.0.0.1", 5_000);
            stalled.socket().setReceiveBufferSize(4096);
            stalled.send(Command.START_STREAM);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.clients().count("tcp") == STALLED_CLIENTS);
        await().atMost(Duration.ofSeconds(40)).until(() -> server.clients().count("tcp") == 0);
        assertThat(List.copyOf(lines.list)).as("lines for %d dropped clients of one address", STALLED_CLIENTS)
                .filteredOn(line -> line.getFormattedMessage().contains("accepted no data")).hasSize(1)
                .allSatisfy(line -> assertThat(line.getFormattedMessage()).contains("dropped 127.0.0.2: "));
    }

    /** A server whose 1280x720 frames fill a stalled client's socket buffers within a second or two, dropped after 1 s. */
    private void startWithAOneSecondWriteTimeout() throws Exception {
        ConnectionLimits limits = ConnectionLimits.defaults().withTimeouts(Duration.ZERO,
                ConnectionLimits.DEFAULT_REQUEST_TIMEOUT, Duration.ofSeconds(1));
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1")
                .withSize(new dev.edgecam.frame.Size(1280, 720), 15), SecurityConfig.open().withLimits(limits));
    }

    /** The lines {@code source}'s logger writes from now until the test ends. */
    private ListAppender<ILoggingEvent> capture(Class<?> source) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        open.add(() -> logger.detachAppender(lines));
        return lines;
    }

    private static boolean ipv6LoopbackAvailable() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("::1"));
            return lo != null && lo.inetAddresses().anyMatch(a -> a instanceof Inet6Address);
        } catch (Exception e) {
            return false;
        }
    }
}
