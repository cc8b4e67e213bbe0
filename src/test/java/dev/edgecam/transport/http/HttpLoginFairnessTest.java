package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.transport.security.HttpAuthenticator;
import dev.edgecam.transport.security.PasswordHash;
import dev.edgecam.transport.security.PublicEndpoints;
import dev.edgecam.transport.security.UserStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login lockout over real sockets (issue 11, item 3): wrong logins sent at once from one address with
 * {@code --auth-file} (real PBKDF2 at the default cost) take at most the address's share of the password
 * checker; the rest are answered 429 at once, and a right login afterwards still works.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpLoginFairnessTest {

    private static final int ATTEMPTS = 6;
    /** Far shorter than one PBKDF2 check at the default cost (2.5 to 3.3 s on the test machine). */
    private static final long REQUEST_TIMEOUT_MILLIS = 100;

    @TempDir
    Path dir;
    private HttpAuthenticator login;
    private HttpTestServer server;

    @BeforeEach
    void start() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:"
                + PasswordHash.of("right one".toCharArray(), PasswordHash.DEFAULT_ITERATIONS) + "\n");
        login = HttpAuthenticator.of(UserStore.of(List.of(), List.of(users)), PublicEndpoints.none());
        server = HttpTestServer.startWithLogin(login);
    }

    @AfterEach
    void stop() {
        server.close();
        login.close();
    }

    private static String request(String password) {
        String credentials = Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
        return "GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + credentials + "\r\n\r\n";
    }

    @Test
    void wrongLoginsSentAtOnceGetTheirShareOfChecksAndTheRest429() throws Exception {
        List<HttpWire> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < ATTEMPTS; i++) {
                HttpWire wire = new HttpWire(server.port());
                attackers.add(wire);
                wire.send(request("guess " + i));
            }
            int refusedAtOnce = 0;
            for (HttpWire wire : attackers) {
                HttpWire.Response response = wire.readResponse();
                assertThat(response.status()).isIn(401, 429);
                if (response.status() == 429) {
                    refusedAtOnce++;
                    assertThat(response.headers().get("retry-after")).isNotNull();
                    assertThat(response.text()).contains("already has logins being checked");
                }
            }
            // Two checks may run; every PBKDF2 check takes far longer than sending six requests over loopback.
            assertThat(refusedAtOnce).isGreaterThanOrEqualTo(ATTEMPTS - 3);
        } finally {
            for (HttpWire wire : attackers) {
                wire.close();
            }
        }
        try (HttpWire user = new HttpWire(server.port())) {
            user.send(request("right one"));
            assertThat(user.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void aRightLoginIsAnsweredHoweverLongItsPasswordCheckTakesNot408() throws Exception {
        // The whole request is in at once; only the server's own PBKDF2 check (seconds) outlasts the request timeout.
        try (HttpTestServer quick = HttpTestServer.startWithLogin(
                options -> options.withRequestTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS)), login);
             HttpWire user = new HttpWire(quick.port())) {
            user.send(request("right one"));
            HttpWire.Response response = user.readResponse();
            assertThat(response.status()).as(response.text()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionLeftIdleAfterA401IsStillClosedByTheRequestTimeout() throws Exception {
        try (HttpTestServer quick = HttpTestServer.startWithLogin(
                options -> options.withRequestTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS)), login);
             HttpWire idle = new HttpWire(quick.port())) {
            idle.send("GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(idle.readResponse().status()).isEqualTo(401);
            assertThat(idle.readResponse().status()).as("the clock restarts with the 401").isEqualTo(408);
            assertThat(idle.closedByServer()).isTrue();
        }
    }
}
