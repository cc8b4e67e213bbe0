package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.LoginThrottle;
import dev.edgecam.security.auth.PasswordHash;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
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

/** The HTTP authentication handler in memory: exact requests in, exact responses or passed requests out. */
@Timeout(30)
class HttpAuthHandlerTest {

    @TempDir
    Path dir;
    private HttpAuthenticator authenticator;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (authenticator != null) {
            authenticator.close();
        }
    }

    /** A store with a plain user, a PBKDF2 user (cheap iterations) and a Bearer token; state and metrics public. */
    private void start(String token) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# users\n\ncarol:" + PasswordHash.of("s3cret-carol".toCharArray(), 1_000) + "\n"
                + "nvr:" + UserStore.tokenLine(token) + "\n");
        UserStore users = UserStore.of(List.of("alice:wonderland"), List.of(file));
        authenticator = HttpAuthenticator.of(users, PublicEndpoints.parse("state,metrics"));
        channel = new EmbeddedChannel(new HttpAuthHandler(authenticator, HttpAuthHandlerTest::endpoint));
    }

    private static String endpoint(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        return switch (path) {
            case "/state" -> "state";
            case "/metrics" -> "metrics";
            case "/stream", "/stream.mjpg" -> "stream";
            case "/settings" -> "settings";
            case "/" -> "page";
            default -> null;
        };
    }

    private static FullHttpRequest get(String uri, String authorization) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        return request;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a request and returns what came out: the passed request, or null when refused. */
    private FullHttpRequest passed(FullHttpRequest request) {
        channel.writeInbound(request);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            channel.runPendingTasks();
            return !channel.inboundMessages().isEmpty() || !channel.outboundMessages().isEmpty();
        });
        return channel.readInbound();
    }

    private FullHttpResponse refusal() {
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response was written").isNotNull();
        return response;
    }

    @Test
    void publicEndpointsNeedNoCredentials() throws Exception {
        start(UserStore.newToken());
        FullHttpRequest state = passed(get("/state", null));
        assertThat(state.uri()).isEqualTo("/state");
        state.release();
        FullHttpRequest metrics = passed(get("/metrics", null));
        assertThat(metrics).isNotNull();
        metrics.release();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void everyOtherEndpointAndUnknownPathsAskForBasicCredentials() throws Exception {
        start(UserStore.newToken());
        for (String uri : new String[] {"/", "/stream", "/stream.mjpg", "/settings", "/snapshot", "/nothing-here", "/?action=stream"}) {
            assertThat(passed(get(uri, null))).as(uri).isNull();
            FullHttpResponse response = refusal();
            assertThat(response.status()).as(uri).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
            assertThat(response.headers().getAll(HttpHeaderNames.WWW_AUTHENTICATE))
                    .contains("Basic realm=\"edgecam\", charset=\"UTF-8\"");
            assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("log in");
            response.release();
        }
    }

    @Test
    void rightPasswordsAndTokensPassAndWrongOnesAreRefused() throws Exception {
        String token = UserStore.newToken();
        start(token);
        FullHttpRequest plain = passed(get("/stream", basic("alice", "wonderland")));
        assertThat(plain).isNotNull();
        plain.release();
        FullHttpRequest hashed = passed(get("/stream", basic("carol", "s3cret-carol")));
        assertThat(hashed).as("a PBKDF2 password checked off the event loop").isNotNull();
        hashed.release();
        FullHttpRequest bearer = passed(get("/settings", "Bearer " + token));
        assertThat(bearer).isNotNull();
        bearer.release();

        for (String bad : new String[] {basic("alice", "wrong"), basic("carol", "wonderland"), basic("mallory", "x"),
            "Bearer " + UserStore.newToken(), "Basic !!!notbase64", "Digest username=alice", basic("", "x")}) {
            assertThat(passed(get("/stream", bad))).as(bad).isNull();
            FullHttpResponse response = refusal();
            assertThat(response.status()).as(bad).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("wrong");
            response.release();
        }
    }

    @Test
    void tooManyFailuresFromOneAddressAreAnswered429WithoutCheckingAndARightPasswordWaitsToo() throws Exception {
        start(UserStore.newToken());
        for (int i = 0; i < LoginThrottle.BURST; i++) {
            assertThat(passed(get("/stream", basic("alice", "guess" + i)))).isNull();
            refusal().release();
        }
        assertThat(passed(get("/stream", basic("alice", "wonderland")))).isNull();
        FullHttpResponse response = refusal();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(response.headers().get(HttpHeaderNames.RETRY_AFTER))).isBetween(1L, 10L);
        response.release();
        // The public endpoints still work for that address.
        FullHttpRequest state = passed(get("/state", null));
        assertThat(state).isNotNull();
        state.release();
    }

    @Test
    void aRequestPipelinedBehindASlowCheckWaitsForItsTurn() throws Exception {
        start(UserStore.newToken());
        channel.writeInbound(get("/stream", basic("carol", "s3cret-carol")), get("/state", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            channel.runPendingTasks();
            return channel.inboundMessages().size() == 2;
        });
        FullHttpRequest first = channel.readInbound();
        FullHttpRequest second = channel.readInbound();
        assertThat(first.uri()).isEqualTo("/stream");
        assertThat(second.uri()).isEqualTo("/state");
        first.release();
        second.release();
    }

    @Test
    void headRequestsAreRefusedWithoutABody() throws Exception {
        start(UserStore.newToken());
        FullHttpRequest head = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/stream");
        assertThat(passed(head)).isNull();
        FullHttpResponse response = refusal();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(response.content().readableBytes()).isZero();
        response.release();
    }
}
