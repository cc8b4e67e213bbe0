package dev.edgecam.transport.rtsp;

import io.netty.handler.codec.http.HttpRequest;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The login check of RTSP: consulted before DESCRIBE, SETUP and PLAY (TEARDOWN, PAUSE and keep-alives name a session
 * already admitted). Basic and Digest against the user store plug in here (security.auth's {@code RtspAuthenticator},
 * whose check is asynchronous: a password hash runs off the event loop); with no users configured every request may
 * go on ({@link #NONE}). The connection reads nothing more while a check runs, so answers keep their order.
 */
@FunctionalInterface
public interface RtspLogin {

    /** No users configured: everyone may watch. */
    RtspLogin NONE = (request, peer) -> CompletableFuture.completedFuture(Answer.ALLOWED);

    /**
     * What the check decided.
     *
     * @param status 0 when the request may go on; else the status to answer it with (401, 403, 503)
     * @param wwwAuthenticate the {@code WWW-Authenticate} values of a 401, one per scheme (a Digest challenge and a
     *     Basic realm: many NVRs speak only Digest)
     * @param retryAfterSeconds a {@code Retry-After} for a 503 (too many failed logins), or 0
     */
    record Answer(int status, List<String> wwwAuthenticate, long retryAfterSeconds) {

        public static final Answer ALLOWED = new Answer(0, List.of(), 0);

        public boolean allowed() {
            return status == 0;
        }
    }

    /**
     * Checks the request's {@code Authorization} header (its method and URI too, for Digest).
     *
     * @param peer who sent it
     * @return the answer, completed on any thread
     */
    CompletionStage<Answer> check(HttpRequest request, SocketAddress peer);
}
