package dev.edgecam.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.time.Duration;

/**
 * Watches the page's H.264 over a WebSocket ({@code ws://HOST:PORT/h264}, {@code /cam/ID/h264}), as the live page's
 * player does, but takes every frame without decoding it. This handler sits nearest the socket: it counts every byte
 * that arrives (handshake, WebSocket framing and payload, as the MJPEG receiver counts headers) and hands them on to
 * Netty's WebSocket client ({@link #install}), behind which {@link H264MessageReader} reads each message's header.
 *
 * <p>Unlike the MJPEG receiver this one lets Netty's WebSocket decoder copy each frame's payload into a buffer of its
 * own: the generator costs a little more per frame here, which its own CPU figure in the report shows.
 */
final class H264SocketReceiver extends StreamReceiver {

    /** The handshake's response is a few hundred bytes; an error page a few kB. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;

    H264SocketReceiver(ClientProbe probe, MeasureWindow window) {
        super(probe, window);
    }

    /**
     * Adds this receiver and, behind it, the WebSocket client (its handshake goes out when the connection is up) and
     * the reader of the H.264 messages.
     *
     * @param firstFrameTimeout how long the socket may stay open without a frame before the client gives up
     */
    static void install(ChannelPipeline pipeline, ClientProbe probe, MeasureWindow window, EpochClock clock,
                        int maxFrameBytes, Duration firstFrameTimeout) {
        BenchTarget target = probe.target;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create(target.toString()))
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(maxFrameBytes)
                .handshakeTimeoutMillis(firstFrameTimeout.toMillis())
                // Not a browser: no Origin (the server refuses another site's page by it, and this is none)
                .generateOriginHeader(false)
                .handleCloseFrames(true)
                .build();
        pipeline.addLast("receiver", new H264SocketReceiver(probe, window))
                .addLast("http", new HttpClientCodec())
                .addLast("handshake-response", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES))
                .addLast("websocket", new WebSocketClientProtocolHandler(config))
                .addLast("continuations", new WebSocketFrameAggregator(maxFrameBytes))
                .addLast("h264", new H264MessageReader(probe, window, clock, firstFrameTimeout));
    }

    /** Netty's WebSocket client sends the handshake itself once the connection is up; nothing to send here. */
    @Override
    protected ByteBuf request(ChannelHandlerContext ctx) {
        return Unpooled.EMPTY_BUFFER;
    }

    @Override
    protected void parse(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) {
        ctx.fireChannelRead(in.retain()); // the caller releases its reference
    }

    /** {@link H264MessageReader} says why the socket closed (it knows whether a frame came). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
    }
}
