package dev.edgecam.transport.security;

import dev.edgecam.security.access.AllowedHosts;
import dev.edgecam.security.access.RefusalLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Refuses requests that change something (any method but GET, HEAD and OPTIONS, such as {@code PUT /settings})
 * unless their {@code Host}, and their {@code Origin} when a browser sends one, name this server
 * ({@link AllowedHosts}). This stops DNS rebinding: a web page on another site that has pointed its own name
 * at the camera. The refusal is 403 with a body naming the rejected value and {@code --allowed-host}, and the
 * connection is closed (nothing a rebinding page sends afterwards is read).
 *
 * <p>A request without {@code Host} passes: browsers always send one, and HTTP/1.0 scripts may not. Reading
 * requests (GET, HEAD) are not checked, so a camera reached through a name nobody configured still streams.
 * Sits after the HTTP codec and the login check (with logins on, a rebinding page has no credentials and is
 * refused there already), before the request aggregator. One instance per connection.
 */
public final class HostCheck extends ChannelInboundHandlerAdapter {

    /** RFC 9110's safe methods that edgecam answers: they change nothing. */
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AllowedHosts allowed;
    private final RefusalLog refusals;
    /** Request targets that are read-only although not sent with a safe method (ONVIF's SOAP POSTs). */
    private final Predicate<String> readOnlyTarget;
    private boolean refused;

    public HostCheck(AllowedHosts allowed, RefusalLog refusals) {
        this(allowed, refusals, uri -> false);
    }

    /** @param readOnlyTarget true for a request target that changes nothing whatever its method: not checked */
    public HostCheck(AllowedHosts allowed, RefusalLog refusals, Predicate<String> readOnlyTarget) {
        this.allowed = allowed;
        this.refusals = refusals;
        this.readOnlyTarget = readOnlyTarget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the rest of a refused request, or what was pipelined after it
            return;
        }
        if (msg instanceof HttpRequest request && !SAFE.contains(request.method())
                && !readOnlyTarget.test(request.uri())) {
            Rejection why = rejection(ctx, request);
            if (why != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                refuse(ctx, why);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The header that does not name this server, with its value. */
    private record Rejection(String header, String value) {

        /** {@code the Host 'evil.example'}, for the refusal's body. */
        String describe() {
            return "the " + header + " '" + RefusalLog.printable(value, 100) + "'";
        }
    }

    /** Why {@code request} is not for this server, or null when it is. */
    private Rejection rejection(ChannelHandlerContext ctx, HttpRequest request) {
        var arrivedOn = ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getAddress() : null;
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null && !allowed.allows(host, arrivedOn)) {
            return new Rejection("Host", host);
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            String originHost = originHost(origin);
            if (originHost == null || !allowed.allows(originHost, arrivedOn)) {
                return new Rejection("Origin", origin);
            }
        }
        return null;
    }

    /** The host of an {@code Origin} ({@code http://camera.local:8080}), or null for {@code null} and junk. */
    private static String originHost(String origin) {
        try {
            return URI.create(origin.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void refuse(ChannelHandlerContext ctx, Rejection why) {
        ctx.channel().config().setAutoRead(false);
        // Keyed by address alone, without the value: a page can send a new name on a new port every time, and each
        // would be a line of its own (the 403 names the value to the client).
        refusals.refused("HTTP", Peers.host(ctx.channel().remoteAddress()), "changing request naming another host in "
                + why.header() + " (DNS rebinding?)");
        byte[] body = ("edgecam: refused: " + why.describe() + " is not a name of this camera, so this request may come from"
                + " another web site (DNS rebinding). Use the camera's own name or address, or start the server with"
                + " --allowed-host NAME to allow another name.\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
