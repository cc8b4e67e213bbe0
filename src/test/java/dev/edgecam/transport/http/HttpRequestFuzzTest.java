package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Property-based fuzzing of the HTTP request handling on the real pipeline over loopback: random bytes and
 * mangled requests (bad methods, targets, versions, header names and values, control characters, huge lines)
 * each get a well-formed HTTP status line or a closed connection, within the time limit; nothing crashes or
 * hangs, and afterwards the server still answers normally.
 */
class HttpRequestFuzzTest {

    private static final Duration TRY_LIMIT = Duration.ofSeconds(10);
    private HttpTestServer server;

    @BeforeProperty
    void start() {
        server = HttpTestServer.start(options -> options.withRequestTimeout(Duration.ofSeconds(2)));
    }

    @AfterProperty
    void stop() throws Exception {
        try {
            // Still healthy after every try: a normal request gets a normal answer.
            try (HttpWire wire = new HttpWire(server.port())) {
                wire.request("GET", "/state");
                assertThat(wire.readResponse().status()).isEqualTo(200);
            }
        } finally {
            server.close();
        }
    }

    @Property(tries = 60)
    void anyRequestGetsAStatusLineOrAClose(@ForAll("requests") byte[] request) {
        assertTimeoutPreemptively(TRY_LIMIT, () -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout((int) TRY_LIMIT.toMillis() - 2_000);
                try {
                    socket.getOutputStream().write(request);
                    socket.shutdownOutput();
                } catch (SocketException closedEarly) {
                    return; // the server may close while a request it already refused is still being sent
                }
                String first = firstLine(socket.getInputStream());
                if (!first.isEmpty()) {
                    assertThat(first).matches("HTTP/1\\.1 [1-5]\\d\\d .*");
                }
            }
        });
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n' && line.size() < 1024; ) {
                line.write(b);
            }
        } catch (SocketException reset) {
            // A reset is a close.
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within the read timeout");
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }

    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "HEAD", "PUT", "POST", "OPTIONS", "DELETE", "get", "G\0T", "",
                "X".repeat(300));
        Arbitrary<String> target = Arbitraries.oneOf(
                Arbitraries.of("/", "/stream", "/snapshot", "/state", "/metrics", "/settings", "/assets/app.js",
                        "/?action=stream", "/?action=snapshot", "/../../etc/passwd", "/%00", "/%zz", "*", ""),
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars('/', '%', '?', '&', '=', '.', 'a').ofMaxLength(5000));
        Arbitrary<String> version = Arbitraries.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9", "http/1.1", "", "HTTP/1.1 x");
        Arbitrary<String> header = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("Host", "Content-Length", "Transfer-Encoding", "Connection", "Authorization"),
                        Arbitraries.strings().all().ofMaxLength(30)),
                Arbitraries.oneOf(Arbitraries.of("0", "-1", "99999999999", "chunked", "close", "keep-alive"),
                        Arbitraries.strings().all().ofMaxLength(100), Arbitraries.strings().withChars('a').ofMinLength(9000).ofMaxLength(9000)))
                .as((name, value) -> name + ": " + value + "\r\n");
        Arbitrary<String> structured = Combinators.combine(method, target, version, header.list().ofMaxSize(6),
                        Arbitraries.strings().all().ofMaxLength(100), Arbitraries.of("\r\n", "\n", "", "\r\n\r\n"))
                .as((m, t, v, headers, body, end) -> m + " " + t + " " + v + "\r\n" + String.join("", headers) + end + body);
        return Arbitraries.oneOf(
                structured.map(text -> text.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000));
    }
}
