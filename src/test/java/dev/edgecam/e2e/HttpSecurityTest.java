package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.security.tls.CertificateFingerprint;
import dev.edgecam.security.trust.TlsClientConfig;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.HttpPeer;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.security.ServerTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole server with authentication, allow-lists and TLS on real loopback sockets: every endpoint, every way in. */
@Timeout(90)
class HttpSecurityTest {

    /** Every HTTP endpoint and alias, unknown paths included. */
    private static final List<String> PROTECTED = List.of("/", "/index.html", "/assets/app.js", "/stream", "/stream.mjpg",
            "/?action=stream", "/snapshot", "/snapshot.jpg", "/?action=snapshot", "/metrics", "/settings", "/no-such-page");

    @TempDir
    Path dir;
    private EdgecamServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private SecurityConfig withUsers(String token) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "nvr:" + UserStore.tokenLine(token) + "\n");
        return SecurityConfig.open().withAuth(UserStore.of(List.of("alice:wonderland"), List.of(users)),
                PublicEndpoints.parse("state"));
    }

    private void start(SecurityConfig security) throws Exception {
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0), security);
    }

    @Test
    void everyEndpointRefusesMissingAndWrongCredentialsAndAcceptsRightOnes() throws Exception {
        String token = UserStore.newToken();
        start(withUsers(token));
        int port = server.httpPort();
        assertThat(server.tcpPort()).as("legacy port off under authentication").isEqualTo(-1);
        int n = 0;
        for (String target : PROTECTED) {
            n++;
            HttpPeer.Head none = HttpPeer.get("127.0.0.1", port, target, null);
            assertThat(none.status()).as("no credentials: " + target).isEqualTo(401);
            assertThat(none.headers().get("www-authenticate")).contains("Basic realm=\"edgecam\"");
            // Wrong ones from other addresses, so the failures stay under each address's throttle.
            assertThat(HttpPeer.get("127.0.1." + n, port, target, basic("alice", "guess")).status())
                    .as("wrong password: " + target).isEqualTo(401);
            assertThat(HttpPeer.get("127.0.2." + n, port, target, "Bearer " + UserStore.newToken()).status())
                    .as("wrong token: " + target).isEqualTo(401);
        }
        assertThat(HttpPeer.get("127.0.0.1", port, "/state", null).status()).as("public").isEqualTo(200);
        HttpPeer.Head snapshot = HttpPeer.get("127.0.0.1", port, "/snapshot", basic("alice", "wonderland"));
        assertThat(snapshot.status()).isEqualTo(200);
        assertThat(snapshot.headers().get("content-type")).isEqualTo("image/jpeg");
        HttpPeer.Head stream = HttpPeer.get("127.0.0.1", port, "/stream", "Bearer " + token);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().get("content-type")).startsWith("multipart/x-mixed-replace");
        assertThat(HttpPeer.get("127.0.0.1", port, "/metrics", basic("alice", "wonderland")).status()).isEqualTo(200);
        assertThat(HttpPeer.get("127.0.0.1", port, "/no-such-page", basic("alice", "wonderland")).status()).isEqualTo(404);
    }

    @Test
    void guessingPasswordsIsThrottledPerAddressOnly() throws Exception {
        start(withUsers(UserStore.newToken()));
        int port = server.httpPort();
        int refused = 0;
        for (int i = 0; i < 12 && refused == 0; i++) {
            int status = HttpPeer.get("127.0.0.4", port, "/snapshot", basic("alice", "guess" + i)).status();
            assertThat(status).isIn(401, 429);
            refused = status == 429 ? i : 0;
        }
        assertThat(refused).as("429 after the burst of failures").isPositive();
        HttpPeer.Head throttled = HttpPeer.get("127.0.0.4", port, "/snapshot", basic("alice", "wonderland"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers()).containsKey("retry-after");
        assertThat(HttpPeer.get("127.0.0.1", port, "/snapshot", basic("alice", "wonderland")).status())
                .as("another address is not affected").isEqualTo(200);
    }

    @Test
    void theAllowListClosesHttpConnectionsBeforeAnyAnswer() throws Exception {
        start(SecurityConfig.open().withAllow(AddressAllowList.parse("127.0.0.2"), null));
        assertThat(HttpPeer.get("127.0.0.1", server.httpPort(), "/state", null).status()).as("closed").isZero();
        assertThat(HttpPeer.get("127.0.0.2", server.httpPort(), "/state", null).status()).isEqualTo(200);
        // The legacy port obeys the same list.
        try (var stranger = dev.edgecam.testing.LegacyPeer.connect("127.0.0.1", "127.0.0.1", server.tcpPort(), 5_000)) {
            assertThat(stranger.closedByServer()).isTrue();
        }
    }

    @Test
    void httpsWithAPinnedSelfSignedCertificateAndALogin() throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir.resolve("config"));
        start(withUsers(UserStore.newToken()).withTls(tls));
        TlsClientConfig trust = TlsClientConfig.pinned(CertificateFingerprint.parse(tls.fingerprint().toString()));
        HttpClient client = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
        URI snapshot = URI.create("https://127.0.0.1:" + server.httpPort() + "/snapshot");
        HttpResponse<byte[]> refused = client.send(HttpRequest.newBuilder(snapshot).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<byte[]> jpeg = client.send(HttpRequest.newBuilder(snapshot).timeout(Duration.ofSeconds(10))
                .header("Authorization", basic("alice", "wonderland")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.body()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg.body()[1] & 0xFF).isEqualTo(0xD8);
        // Plain HTTP to the HTTPS port gets no answer that a client could take for the camera.
        assertThat(HttpPeer.get("127.0.0.1", server.httpPort(), "/state", null).status()).isNotEqualTo(200);
    }

    @Test
    void aPeerThatNeverStartsTheTlsHandshakeIsClosedAfterTheRequestTimeout() throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir.resolve("config"));
        start(SecurityConfig.open().withTls(tls).withLimits(ConnectionLimits.defaults().withTimeouts(
                ConnectionLimits.DEFAULT_LEGACY_IDLE_TIMEOUT, Duration.ofSeconds(1), ConnectionLimits.DEFAULT_WRITE_TIMEOUT)));
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", server.httpPort())) {
            silent.setSoTimeout(10_000);
            long started = System.nanoTime();
            int read;
            try {
                read = silent.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).as("closed without a byte").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }
}
