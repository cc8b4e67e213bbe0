package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack of issue 11: one connection pipelines 20 000 requests in one write and never reads an answer. The
 * server must not queue the answers (it used to, 1 GB and more), must close that connection, and must give the
 * memory back when it is gone, while a viewer on the same server keeps getting video. With a login required, the
 * same attack by a client without credentials (answered with 401 before any endpoint) must do no more harm.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpPipelineFloodTest {

    private static final int REQUESTS = 20_000;
    /** A few answers and the viewer's frame in flight; 20 000 queued answers take 60 MB (/metrics) or 8 MB (401). */
    private static final long MAX_PENDING_BYTES = 1024 * 1024;
    /** What the allocator may keep of its own after a burst; the attack used to keep hundreds of MB. */
    private static final long MAX_GROWTH_BYTES = 4L * 1024 * 1024;

    @Test
    void aClientThatPipelinesWithoutReadingCannotMakeTheServerQueueAnswers() throws Exception {
        try (HttpTestServer server = HttpTestServer.start()) {
            attackAndCheck(server, "/metrics");
        }
    }

    @Test
    void theSameAttackWithoutALoginIsRefusedWithoutQueueing() throws Exception {
        try (HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.parse("stream"));
             HttpTestServer server = HttpTestServer.startWithLogin(login)) {
            try (HttpWire wire = new HttpWire(server.port())) {
                wire.request("GET", "/state");
                assertThat(wire.readResponse().status()).as("the attack's requests are refused").isEqualTo(401);
            }
            attackAndCheck(server, "/state");
        }
    }

    private static void attackAndCheck(HttpTestServer server, String target) throws Exception {
        try (HttpWire warmUp = new HttpWire(server.port())) {
            warmUp.request("GET", target);
            warmUp.readResponse();
        }
        long baseline = usedDirectMemory();
        byte[] flood = ("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").repeat(REQUESTS)
                .getBytes(StandardCharsets.US_ASCII);
        try (MjpegTestClient viewer = new MjpegTestClient(server.port(), "/stream")) {
            viewer.next();
            try (Socket attacker = new Socket()) {
                attacker.setReceiveBufferSize(4096); // before connecting, so the window stays small
                attacker.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                Thread writer = new Thread(() -> writeQuietly(attacker, flood), "attacker");
                writer.setDaemon(true);
                writer.start();

                // The write ends when the server has read it all (it used to) or has closed the connection.
                writer.join(30_000);
                assertThat(writer.isAlive()).as("the attacker's write still blocked after 30 s").isFalse();
                // Meanwhile and after: memory stays flat and the viewer keeps its frames coming (45 frames are
                // 3 s at the test pattern's 15 fps).
                long peakPending = 0;
                for (int i = 0; i < 45; i++) {
                    viewer.next();
                    peakPending = Math.max(peakPending, server.http.pendingWriteBytes());
                }
                assertThat(peakPending).as("bytes of answers queued for the sockets").isLessThan(MAX_PENDING_BYTES);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(usedDirectMemory() - baseline).as("memory back once the attacker left")
                        .isLessThan(MAX_GROWTH_BYTES));
    }

    private static void writeQuietly(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException closedByServer) {
            // expected once the server drops the attacker
        }
    }

    private static long usedDirectMemory() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }
}
