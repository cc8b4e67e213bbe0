package dev.edgecam.transport.security;

import dev.edgecam.security.access.Cidr;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * Lets through only requests with valid credentials (HTTP Basic or Bearer), except for reading the public endpoints.
 * Sits after the HTTP codec (and aggregator) and before the handlers that answer requests.
 *
 * <p>A request without credentials gets 401 with {@code WWW-Authenticate: Basic realm="edgecam"}: a browser
 * then asks once and sends the credentials with every later request to the server, the page's stream,
 * snapshot and state requests included. Wrong credentials get 401 and count against the address; an address
 * with too many failures gets 429 with {@code Retry-After}, without its credentials being checked. Refused
 * requests never reach the handlers behind; the connection stays open for the next (authenticated) try.
 *
 * <p>While a password check runs off the event loop, reading pauses and messages already decoded wait here,
 * in order, so a pipelined request cannot overtake the one being checked. One instance per connection.
 */
public final class HttpAuthHandler extends ChannelInboundHandlerAdapter {

    static final String REALM = "edgecam";
    /** The endpoint name of requests that check their own login (ONVIF's SOAP calls, with WS-Security): passed on. */
    public static final String OWN_LOGIN_ENDPOINT = "onvif";
    private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private final HttpAuthenticator authenticator;
    private final Function<String, String> endpointOfUri;
    /** Messages that arrived while a check was running, replayed in order when it ends. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean checking;
    /** True while dropping the body of a refused request. */
    private boolean discarding;

    /**
     * @param endpointOfUri the endpoint name a request target is for ({@link PublicEndpoints#NAMES}), or null
     *     for a path that has none; supplied by the HTTP transport, which owns the routes
     */
    public HttpAuthHandler(HttpAuthenticator authenticator, Function<String, String> endpointOfUri) {
        this.authenticator = authenticator;
        this.endpointOfUri = endpointOfUri;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (checking) {
            waiting.add(msg);
            return;
        }
        if (discarding) {
            if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
                discarding = !(content instanceof LastHttpContent);
                ReferenceCountUtil.release(content);
                return;
            }
            discarding = false; // a new request after a body cut short
        }
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String endpoint = endpointOfUri.apply(request.uri());
        if (OWN_LOGIN_ENDPOINT.equals(endpoint)
                || isReading(request.method()) && authenticator.publicEndpoints().isPublic(endpoint)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetAddress address = peer(ctx);
        long retryAfter = authenticator.retryAfterSeconds(address);
        if (retryAfter > 0) {
            refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, retryAfter,
                    "too many failed logins from your address; try again in " + retryAfter + " s");
            return;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        // A check for a connection that has closed meanwhile is dropped before it costs a PBKDF2 computation.
        var outcome = authenticator.check(authorization, address, ctx.channel()::isActive);
        if (outcome.isDone()) {
            decide(ctx, request, outcome.join());
            return;
        }
        checking = true;
        ctx.channel().config().setAutoRead(false);
        outcome.whenComplete((result, error) -> ctx.executor().execute(() -> {
            checking = false;
            decide(ctx, request, error != null ? HttpAuthenticator.Outcome.BUSY : result);
            ctx.channel().config().setAutoRead(true);
            while (!checking && !waiting.isEmpty() && ctx.channel().isActive()) {
                channelRead(ctx, waiting.poll());
            }
        }));
    }

    private void decide(ChannelHandlerContext ctx, HttpRequest request, HttpAuthenticator.Outcome outcome) {
        switch (outcome) {
            case ACCEPTED -> ctx.fireChannelRead(request);
            case NO_CREDENTIALS -> refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, 0,
                    "log in: this camera needs a user name and password (HTTP Basic) or a token (Bearer)");
            case REJECTED -> refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, 0,
                    "wrong user name, password or token");
            case ADDRESS_BUSY -> refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, 2,
                    "your address already has logins being checked; wait for their answers, then try again");
            case BUSY -> refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, 5,
                    "too many logins at once; try again in a few seconds");
            case ABANDONED -> ReferenceCountUtil.release(request); // the connection is gone: nobody to answer
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, long retryAfter,
                        String message) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        discarding = !(request instanceof LastHttpContent);
        ReferenceCountUtil.release(request);
        byte[] body = ("edgecam: " + message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
            response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
        }
        if (retryAfter > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ctx.fireChannelInactive();
    }

    /**
     * Public endpoints are public for reading only: a change ({@code PUT /settings}) alters the picture for every
     * viewer, so it always needs a login, even when {@code --public settings} lets anyone read the settings.
     */
    private static boolean isReading(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS);
    }

    private static InetAddress peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? Cidr.normalize(inet.getAddress()) : InetAddress.getLoopbackAddress();
    }
}
