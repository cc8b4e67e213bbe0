package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.frame.Frame;
import dev.edgecam.media.Fmp4Fragmenter;
import dev.edgecam.media.H264ParameterSets;
import dev.edgecam.security.access.RefusalLog;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientMode;
import dev.edgecam.transport.GopPump;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.h264.H264SocketProtocol.Format;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * One browser's H.264 over a WebSocket ({@code /h264}, {@code /cam/ID/h264}; the framing is
 * {@link dev.edgecam.wire.h264.H264SocketProtocol}'s). The request passed the same gate, login and host checks as
 * {@code /stream}; {@link #upgrade} answers the handshake and turns the connection into this session, which then
 * carries nothing but this camera's H.264 until either side closes it.
 *
 * <p>Frames come from the camera's {@link dev.edgecam.hub.GopHub} through a {@link GopPump}: a new viewer starts at
 * the cached keyframe at once, one frame is in flight at a time, and a viewer that falls behind is skipped to the
 * next keyframe (counted as skipped). The frame messages are shared by every viewer ({@link SharedH264Messages});
 * per viewer there is only the stream description (a small JSON text, plus the fMP4 init segment) sent before its
 * first frame and again when the parameter sets change.
 */
final class H264SocketSession extends EndpointHandler<WebSocketFrame> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest message a browser may send (it sends only control frames); more closes the connection. */
    private static final int MAX_INBOUND_FRAME_BYTES = 1024;
    /** The handlers of an HTTP request that a WebSocket connection no longer needs. */
    private static final String[] HTTP_ONLY_HANDLERS = {"pipelining", "deadline", "auth", "host"};

    private final CameraEndpoints camera;
    private final Format format;
    private final ClientInfo client;
    private ChannelHandlerContext ctx;
    private GopPump pump;
    private H264ParameterSets described;

    private H264SocketSession(CameraEndpoints camera, Format format, ClientInfo client) {
        super(WebSocketFrame.class, "WS");
        this.camera = camera;
        this.format = format;
        this.client = client;
    }

    /**
     * Answers a WebSocket handshake for {@code camera}'s H.264 and replaces {@code requests} (the HTTP endpoints'
     * handler) with a session; on a request that is no WebSocket handshake, asks for an unknown {@code format} or
     * comes from another site's page ({@link #sameOrigin}), returns the error to answer instead and changes nothing.
     */
    static FullHttpResponse upgrade(ChannelHandlerContext requests, FullHttpRequest request, Routes.Target target,
                                    CameraEndpoints camera, RequestDeadline deadline) {
        Format format;
        try {
            format = Format.parse(target.parameter("format"));
        } catch (IllegalArgumentException e) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            FullHttpResponse refusal = HttpResponses.error(HttpResponseStatus.UPGRADE_REQUIRED, target.path()
                    + " is a WebSocket (H.264 for the page's player); open it with new WebSocket(url), or watch"
                    + " /stream for MJPEG");
            refusal.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            return refusal;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.headers().get(HttpHeaderNames.HOST))) {
            return HttpResponses.error(HttpResponseStatus.FORBIDDEN, "a WebSocket opened by another site's page (Origin '"
                    + RefusalLog.printable(origin, 100) + "') is refused: only this server's own page may read its"
                    + " video this way (a page elsewhere could otherwise use the viewer's login)");
        }
        String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false,
                MAX_INBOUND_FRAME_BYTES).newHandshaker(request);
        if (handshaker == null) {
            FullHttpResponse refusal = HttpResponses.error(HttpResponseStatus.UPGRADE_REQUIRED,
                    "this server speaks WebSocket version 13 (RFC 6455) only");
            refusal.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            return refusal;
        }
        deadline.cancel();
        var channel = requests.channel();
        ClientInfo client = new ClientInfo(TransportKind.WS, ClientInfo.address(channel.remoteAddress()));
        handshaker.handshake(channel, request).addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                done.channel().close();
            }
        });
        var pipeline = channel.pipeline();
        for (String name : HTTP_ONLY_HANDLERS) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.replace(requests.handler(), "h264", new H264SocketSession(camera, format, client));
        return null;
    }

    /**
     * True when a browser's {@code Origin} is this page's: its host and port are those the request was sent to
     * ({@code Host}). Browsers send credentials and cookies with a cross-site WebSocket handshake, and the Origin is
     * the only thing that tells it apart (cross-site WebSocket hijacking).
     */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI page = new URI(origin);
            String scheme = page.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || page.getHost() == null) {
                return false;
            }
            URI target = new URI(scheme + "://" + host); // Host is name[:port], an IPv6 address in brackets
            int defaultPort = "https".equals(scheme) ? 443 : 80;
            return page.getHost().equalsIgnoreCase(target.getHost())
                    && portOr(page, defaultPort) == portOr(target, defaultPort);
        } catch (URISyntaxException malformed) {
            return false;
        }
    }

    private static int portOr(URI uri, int defaultPort) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        client.mode(ClientMode.STREAM);
        camera.registry.joined(client);
        camera.streams.add(ctx.channel());
        pump = new GopPump(ctx.channel(), camera.camera.h264Hub(), client, this::encode);
        pump.start();
    }

    /** The frame's shared message, after the stream's description when this keyframe starts a new one. */
    private Object encode(Frame frame) {
        double fps = camera.camera.sourceFps();
        if (frame.keyframe()) {
            H264ParameterSets params = camera.h264Messages.params(frame, format, fps);
            if (!params.sameAs(described)) {
                describe(params);
            }
        }
        return camera.h264Messages.message(frame, format, fps);
    }

    private void describe(H264ParameterSets params) {
        ObjectNode text = JSON.createObjectNode()
                .put("type", "stream")
                .put("format", format.label())
                .put("camera", camera.camera.id())
                .put("codec", params.codec())
                .put("width", params.width())
                .put("height", params.height())
                .put("serverTimeMicros", dev.edgecam.source.Capture.nowEpochMicros())
                .put("timescale", Fmp4Fragmenter.TIMESCALE);
        ctx.write(new TextWebSocketFrame(text.toString()));
        if (format == Format.FMP4) {
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Fmp4Fragmenter.initSegment(params))));
        }
        described = params;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        }
        // Text, binary and pongs from the browser mean nothing here.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pump.stop();
        camera.registry.left(client, leaveReason());
        ctx.fireChannelInactive();
    }
}
