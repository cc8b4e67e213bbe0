package dev.edgecam.transport.rtsp;

import dev.edgecam.security.access.Cidr;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.RtspAuthenticator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * RTSP's logins against the server's user store: {@link RtspAuthenticator}'s Digest and Basic (sharing HTTP's
 * throttle, cache and refusal log), its outcomes turned into RTSP answers: 401 with a Digest and a Basic challenge
 * (stale nonce flagged), 429 with {@code Retry-After} for an address that failed too often, 503 when the checking
 * queue is full.
 */
final class RtspAuthLogin implements RtspLogin {

    /** Seconds a client is told to wait when the login queue is full. */
    private static final long BUSY_RETRY_SECONDS = 1;

    private final RtspAuthenticator authenticator;

    private RtspAuthLogin(RtspAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The login of a server whose HTTP logins are {@code logins}; {@link #NONE} when it has no users (null). */
    static RtspLogin of(HttpAuthenticator logins) {
        if (logins == null) {
            return NONE;
        }
        RtspAuthenticator authenticator = new RtspAuthenticator(logins);
        return authenticator.required() ? new RtspAuthLogin(authenticator) : NONE;
    }

    @Override
    public CompletionStage<Answer> check(HttpRequest request, SocketAddress peer) {
        InetAddress address = peer instanceof InetSocketAddress inet ? Cidr.normalize(inet.getAddress())
                : InetAddress.getLoopbackAddress();
        return authenticator.check(request.method().name(), request.uri(),
                request.headers().get(RtspHeaderNames.AUTHORIZATION), address, () -> true)
                .thenApply(outcome -> switch (outcome) {
                    case ACCEPTED -> Answer.ALLOWED;
                    case NO_CREDENTIALS, REJECTED -> new Answer(401, authenticator.challenges(false), 0);
                    case STALE -> new Answer(401, authenticator.challenges(true), 0);
                    case THROTTLED -> new Answer(429, List.of(), authenticator.retryAfterSeconds(address));
                    case ADDRESS_BUSY, BUSY, ABANDONED -> new Answer(503, List.of(), BUSY_RETRY_SECONDS);
                });
    }
}
