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

    /**
     * Requests pipelined behind a login check are dropped when the client closes the connection meanwhile: a SETUP and
     * PLAY held there must not make a session (over UDP it would stream to the closed client until the session timeout,
     * outside the connection limits) once the check answers.
     */
    @Test
    void requestsHeldBehindALoginAreDroppedWhenTheConnectionCloses() throws Exception {
        CompletableFuture<RtspLogin.Answer> answer = new CompletableFuture<>();
        RtspLogin waitForTest = (request, peer) -> answer;
        RtspTestServer.beside(RtspOptions.of("127.0.0.1", 0).withLogin(waitForTest), (rtsp, camera, client) -> {
            String url = "rtsp://127.0.0.1:" + rtsp.port() + "/cam0";
            client.send("DESCRIBE", url);
            client.send("SETUP", url + "/trackID=0", "Transport: RTP/AVP;unicast;client_port=40000-40001");
            client.send("PLAY", url);
            Thread.sleep(300); // the server has read them: DESCRIBE waits for the login, the others are held
            client.socket.close();
            Thread.sleep(300); // the server has seen the close
            answer.complete(RtspLogin.Answer.ALLOWED);
            Thread.sleep(500);
            assertThat(rtsp.sessions().all()).as("sessions made for a closed connection").isEmpty();
            assertThat(camera.clients().clients()).as("viewers of a closed connection").isEmpty();
        });
    }

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
