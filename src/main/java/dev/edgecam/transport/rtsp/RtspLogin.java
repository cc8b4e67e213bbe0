package dev.edgecam.transport.rtsp;

import io.netty.handler.codec.http.HttpRequest;
import java.net.SocketAddress;
import java.util.List;

/**
 * The login check of RTSP: consulted before DESCRIBE, SETUP and PLAY. Basic and Digest against the user store
 * come here; with no users configured every request may go on ({@link #NONE}).
 */
@FunctionalInterface
public interface RtspLogin {

    /** No users configured: everyone may watch. */
    RtspLogin NONE = (request, peer) -> List.of();

    /**
     * @param request the request (its method, URI and {@code Authorization} header)
     * @param peer who sent it
     * @return empty when the request may go on; else the {@code WWW-Authenticate} values a 401 offers (one per
     *     scheme, such as a Digest challenge and a Basic realm)
     */
    List<String> challenges(HttpRequest request, SocketAddress peer);
}
