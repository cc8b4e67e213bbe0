package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With {@code --auth}, the HTTP transport answers only logged-in requests, except the public endpoints. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpLoginTest {

    @AutoClose
    private final HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
            PublicEndpoints.parse("metrics"));
    @AutoClose
    private final HttpTestServer server = HttpTestServer.startWithLogin(login);

    private HttpWire.Response get(String target, String authorization) throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n");
            return wire.readResponse();
        }
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyEndpointButThePublicOnesNeedsALogin() throws Exception {
        for (String target : List.of("/", "/state", "/snapshot", "/settings", "/stream", "/?action=stream", "/assets/app.js",
                "/cam/cam0/stream", "/cam/cam0/snapshot", "/cam/cam0/settings", "/?action=stream_0")) {
            HttpWire.Response refused = get(target, null);
            assertThat(refused.status()).as(target).isEqualTo(401);
            assertThat(refused.headers().get("www-authenticate")).contains("realm=\"edgecam\"");
        }
        assertThat(get("/state", basic("alice:wrong")).status()).isEqualTo(401);
        assertThat(get("/metrics", null).status()).as("public with --public metrics").isEqualTo(200);
        assertThat(server.hub.listenerCount()).as("no refused request started encoding").isZero();
    }

    @Test
    void aLoggedInClientGetsTheStreamAndTheState() throws Exception {
        assertThat(get("/state", basic("alice:wonderland")).status()).isEqualTo(200);
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /stream HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("alice:wonderland") + "\r\n\r\n");
            assertThat(wire.readLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(wire.readHeaders().get("content-type")).startsWith("multipart/x-mixed-replace");
            assertThat(wire.readLine()).isEqualTo("--boundarydonotcross");
            assertThat(Integer.parseInt(wire.readHeaders().get("content-length"))).isPositive();
        }
    }
}
