package dev.edgecam.transport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the login check: any {@code Authorization} header (random schemes, Base64 or not,
 * user names and passwords with any characters) is refused with 401 or 429 unless it is exactly right, and the
 * request never reaches the handlers behind.
 */
class HttpAuthFuzzTest {

    private static final UserStore USERS = UserStore.of(List.of("alice:wonderland"), List.of());

    @Property(tries = 500)
    void anyWrongAuthorizationIsRefused(@ForAll("authorizations") String authorization) {
        // A fresh authenticator per try: a shared one would soon answer 429 without parsing anything.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (HttpAuthenticator authenticator = HttpAuthenticator.of(USERS, PublicEndpoints.none())) {
                refusedWithoutPassing(authenticator, authorization);
            }
        });
    }

    private static void refusedWithoutPassing(HttpAuthenticator authenticator, String authorization) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpAuthHandler(authenticator, uri -> "stream"));
        // Unvalidated headers: the fuzzer's control characters reach the handler as a lenient decoder might pass them.
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/stream",
                Unpooled.buffer(0), DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory());
        request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        channel.writeInbound(request);
        while (channel.outboundMessages().isEmpty() && channel.inboundMessages().isEmpty()) {
            Thread.sleep(1);
            channel.runPendingTasks();
        }
        assertThat((Object) channel.readInbound()).as("refused requests never pass").isNull();
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(401);
        response.release();
        assertThat(request.refCnt()).isZero();
        channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> basicOfAnything = Arbitraries.strings().all().ofMaxLength(100)
                .filter(s -> !s.equals("alice:wonderland"))
                .map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> nearMisses = Arbitraries.of("alice:wonderlanD", "alice:wonderland ", "Alice:wonderland",
                        "alice:", ":wonderland", "alice", "alice:wonderland\0", "alice:wonderlan")
                .map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> schemes = Arbitraries.of("Basic", "Bearer", "basic", "Digest", "Negotiate", "", "Basic  ")
                .flatMap(scheme -> anyText.map(rest -> scheme + " " + rest));
        return Arbitraries.oneOf(anyText, basicOfAnything, nearMisses, schemes);
    }
}
