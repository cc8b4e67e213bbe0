package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Misbehaving peers get a clear status and lose only their own connection; a stream that was running meanwhile
 * keeps every frame.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpBadRequestTest {

    private static final long REQUEST_TIMEOUT_MILLIS = 1_000;

    private HttpTestServer server;
    private MjpegTestClient bystander;
    private ExecutorService reader;
    private Future<List<Long>> bystanderSequences;
    private volatile boolean testDone;

    @BeforeEach
    void start() throws Exception {
        server = HttpTestServer.start(options -> options.withRequestTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS)));
        bystander = new MjpegTestClient(server.port(), "/stream");
        reader = Executors.newSingleThreadExecutor();
        bystanderSequences = reader.submit(() -> {
            List<Long> sequences = new ArrayList<>();
            // Reads all along, so its own socket never fills; a few frames past the test's end.
            for (int afterEnd = 0; afterEnd < 3 && sequences.size() < 10_000; afterEnd += testDone ? 1 : 0) {
                sequences.add(bystander.next().sequence());
            }
            return sequences;
        });
    }

    @AfterEach
    void stop() throws Exception {
        testDone = true;
        try {
            // The bystander's stream went on all along, every frame (or rare skips the server counted).
            List<Long> sequences = bystanderSequences.get(30, TimeUnit.SECONDS);
            FrameSequences.assertEveryFrameOrRareCountedSkips(sequences, server.skipsCounted(bystander.address()));
        } finally {
            reader.shutdownNow();
            bystander.close();
            server.close();
        }
    }

    private HttpWire.Response exchange(String request) throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send(request);
            return wire.readResponse(request.startsWith("HEAD "));
        }
    }

    @Test
    void hugeHeadersGet431AndTheConnectionCloses() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /state HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(64 * 1024) + "\r\n\r\n");
            HttpWire.Response response = wire.readResponse();
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.text()).contains("headers are larger than " + dev.edgecam.security.access.ConnectionLimits.DEFAULT_MAX_HEADER_BYTES);
            assertThat(response.headers().get("connection")).isEqualTo("close");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void aHugeRequestLineGets414() throws Exception {
        HttpWire.Response response = exchange("GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response.status()).isEqualTo(414);
        assertThat(response.text()).contains("shorten the URL");
    }

    @Test
    void garbageGets400() throws Exception {
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, '\r', '\n', '\r', '\n'};
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send(tlsHello);
            HttpWire.Response response = wire.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).contains("not a valid HTTP/1.1 request");
            assertThat(wire.closedByServer()).isTrue();
        }
        HttpWire.Response noVersion = exchange("GET\r\n\r\n");
        assertThat(noVersion.status()).isEqualTo(400);
    }

    @Test
    void unknownAndWrongMethodsGet405WithAllow() throws Exception {
        HttpWire.Response brew = exchange("BREW /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(brew.status()).isEqualTo(405);
        assertThat(brew.headers().get("allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(brew.text()).contains("BREW is not allowed on /stream");

        HttpWire.Response delete = exchange("DELETE /state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(delete.status()).isEqualTo(405);

        HttpWire.Response put = exchange("PUT /snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(put.status()).isEqualTo(405);

        HttpWire.Response options = exchange("OPTIONS /settings HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.headers().get("allow")).isEqualTo("GET, HEAD, PUT, OPTIONS");
    }

    @Test
    void unknownPathsAndActionsGet404() throws Exception {
        HttpWire.Response path = exchange("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.headers().get("content-type")).startsWith("application/json");
        assertThat(path.text()).contains("nothing at /admin").contains("/stream");
        assertThat(exchange("GET /?action=format_disk HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
        assertThat(exchange("GET /assets/../pom.xml HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void headAnswersHeadersOnlyAndKeepsTheConnection() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.request("HEAD", "/state");
            HttpWire.Response head = wire.readResponse(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();
            wire.request("GET", "/state");
            HttpWire.Response get = wire.readResponse();
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).hasSize(Integer.parseInt(get.headers().get("content-length")));
            assertThat(get.text()).contains("\"source\"");
        }
    }

    @Test
    void aClientThatSendsNothingIsTimedOut() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            HttpWire.Response response = wire.readResponse();
            assertThat(response.status()).isEqualTo(408);
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatTricklesItsRequestIsTimedOutAnyway() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /state HTTP/1.1\r\n");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MILLIS * 5);
            boolean refused = false;
            for (int i = 0; i < 40 && System.nanoTime() < deadline && !refused; i++) {
                try {
                    wire.send("X-Slow-" + i + ": " + i + "\r\n");
                    Thread.sleep(100);
                    refused = wire.in.available() > 0;
                } catch (java.io.IOException closed) {
                    refused = true;
                }
            }
            assertThat(refused).as("refused within the request timeout although bytes kept coming").isTrue();
            String statusLine = new String(wire.in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 408");
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheTimeout() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.request("GET", "/settings");
            assertThat(wire.readResponse().status()).isEqualTo(200);
            assertThat(wire.readResponse().status()).as("then nothing, until the timeout").isEqualTo(408);
            assertThat(wire.closedByServer()).isTrue();
        }
    }
}
