package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.security.trust.TlsClientConfig;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS port with the wrong kind of client: plain HTTP gets a readable answer, renegotiation is refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsPortTest {

    @TempDir
    Path dir;
    /** The hub, capture and event loops the HTTPS server below serves from. */
    @AutoClose
    private final HttpTestServer plain = HttpTestServer.start();

    /** An HTTPS server beside the plain one, on the same hub; closed by the test. */
    private HttpServer https(ServerTls tls) {
        return new HttpServer(plain.net, plain.served(), HttpOptions.defaults("127.0.0.1", 0), AccessControl.open(),
                null, tls);
    }

    @Test
    void plainHttpGetsAPlainTextAnswerSayingToUseHttps() throws Exception {
        try (HttpServer server = https(ServerTls.selfSigned(dir));
             HttpWire wire = new HttpWire(server.port())) {
            wire.request("GET", "/stream");
            HttpWire.Response answer = wire.readResponse();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.text()).contains("https://");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientCannotRenegotiateTls12() throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir);
        try (HttpServer server = https(tls);
             SSLSocket socket = (SSLSocket) TlsClientConfig.pinned(tls.fingerprint()).sslContext().getSocketFactory()
                     .createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(statusOfState(socket)).as("a first handshake serves").isEqualTo("HTTP/1.1 200 OK");

            assertThatThrownBy(() -> {
                socket.startHandshake(); // renegotiation, which costs the server a full handshake each time
                statusOfState(socket);
            }).isInstanceOf(IOException.class);
        }
    }

    /** Sends {@code GET /state} and reads its whole answer; returns the status line. */
    private static String statusOfState(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("GET /state HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 16_384) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        String lengthLine = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow();
        in.readNBytes(Integer.parseInt(lengthLine.substring(lengthLine.indexOf(':') + 1).trim()));
        return head.substring(0, head.indexOf("\r\n"));
    }
}
