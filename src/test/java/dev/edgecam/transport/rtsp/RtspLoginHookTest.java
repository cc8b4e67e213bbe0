package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.rtsp.RtspHeaderNames;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The login hook: DESCRIBE, SETUP and PLAY wait for its answer (given later, on another thread), a refusal is a 401
 * with its challenges, and requests after it are answered in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspLoginHookTest {

    private static final String CHALLENGE = "Digest realm=\"edgecam\", nonce=\"abc\"";

    /** Admits a request carrying "Authorization: let-me-in", 200 ms later, off the event loop. */
    private static final RtspLogin SLOW_LOGIN = (request, peer) -> CompletableFuture.supplyAsync(
            () -> "let-me-in".equals(request.headers().get(RtspHeaderNames.AUTHORIZATION)) ? RtspLogin.Answer.ALLOWED
                    : new RtspLogin.Answer(401, List.of(CHALLENGE, "Basic realm=\"edgecam\""), 0),
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

    @Test
    void describeWaitsForTheLoginAndARefusalIs401WithItsChallenges() throws Exception {
        RtspTestServer.beside(RtspOptions.of("127.0.0.1", 0).withLogin(SLOW_LOGIN), (rtsp, camera, client) -> {
            String url = "rtsp://127.0.0.1:" + rtsp.port() + "/cam0";
            client.send("DESCRIBE", url);
            client.send("OPTIONS", url); // pipelined behind the login check: answered after it
            RtspTestClient.Response refused = client.response();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("cseq")).isEqualTo("1");
            assertThat(refused.header("www-authenticate")).isNotNull();
            assertThat(client.response().header("cseq")).isEqualTo("2");
            RtspTestClient.Response admitted = client.request("DESCRIBE", url, "Authorization: let-me-in");
            assertThat(admitted.status()).isEqualTo(200);
            assertThat(admitted.body()).contains("sprop-parameter-sets=");
        });
    }
}
