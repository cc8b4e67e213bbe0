package dev.edgecam.bench;

import dev.edgecam.wire.h264.H264SocketProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads the messages of {@link H264SocketProtocol} after the handshake: the text messages that describe the stream
 * are only counted as bytes; each frame message gives {@link ClientProbe#frameReceived} its sequence number and the
 * latency from its capture time. {@code annexb} frames carry both in their header (read with
 * {@link H264SocketProtocol}); {@code fmp4} fragments in their {@code prft}, {@code mfhd} and {@code trun} boxes
 * ({@link Fmp4FragmentReader}), after the initialisation segment, which is no frame.
 *
 * <p>The first frame must be a keyframe, and so must the first after a gap (the server skips a slow viewer to the next
 * keyframe, never to a frame a decoder cannot use): anything else ends the connection with the reason.
 */
final class H264MessageReader extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final ClientProbe probe;
    private final MeasureWindow window;
    private final EpochClock clock;
    private final Duration firstFrameTimeout;
    private final boolean fmp4;
    private final byte[] header = new byte[H264SocketProtocol.HEADER_BYTES];
    private long lastSequence = -1;

    H264MessageReader(ClientProbe probe, MeasureWindow window, EpochClock clock, Duration firstFrameTimeout) {
        this.probe = probe;
        this.window = window;
        this.clock = clock;
        this.firstFrameTimeout = firstFrameTimeout;
        this.fmp4 = probe.target.transport() == BenchTarget.Transport.WS_FMP4;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.executor().schedule(() -> {
                if (!probe.gotFirstFrame()) {
                    fail(ctx, probe.target + " accepted the WebSocket but sent no H.264 frame in "
                            + firstFrameTimeout.toMillis() + " ms: " + NO_H264_ADVICE);
                }
            }, firstFrameTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, probe.target + " did not answer the WebSocket handshake in " + firstFrameTimeout.toMillis()
                    + " ms; is this an edgecam server's HTTP port?");
        }
        ctx.fireUserEventTriggered(event);
    }

    /** What to do when a server sends no H.264. */
    static final String NO_H264_ADVICE = "does this camera make H.264? The server's /state shows it under h264 (a"
            + " hardware encoder this machine lacks makes none); bench its MJPEG at /stream instead";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame message) throws BenchProtocolException {
        if (message instanceof TextWebSocketFrame) {
            return; // the stream's description: its bytes are counted, the bench needs nothing of it
        }
        if (!(message instanceof BinaryWebSocketFrame)) {
            return; // ping and pong, answered by Netty's WebSocket client
        }
        long now = System.nanoTime();
        ByteBuf content = message.content();
        long sequence;
        long captureMicros;
        boolean keyframe;
        if (fmp4) {
            Fmp4FragmentReader.Fragment fragment = Fmp4FragmentReader.read(content);
            if (fragment == null) {
                return; // the initialisation segment (ftyp and moov), sent before the first fragment
            }
            sequence = fragment.sequence();
            captureMicros = fragment.captureEpochMicros();
            keyframe = fragment.keyframe();
        } else {
            if (content.readableBytes() < H264SocketProtocol.HEADER_BYTES
                    || content.getByte(content.readerIndex()) != H264SocketProtocol.VERSION) {
                throw new BenchProtocolException("a binary message of " + content.readableBytes() + " bytes from "
                        + probe.target + " has no version " + H264SocketProtocol.VERSION + " header of "
                        + H264SocketProtocol.HEADER_BYTES + " bytes; is the server's protocol newer than this bench?");
            }
            content.getBytes(content.readerIndex(), header);
            sequence = H264SocketProtocol.sequence(header);
            captureMicros = H264SocketProtocol.captureEpochMicros(header);
            keyframe = H264SocketProtocol.keyframe(header);
        }
        if (!keyframe && (lastSequence < 0 || sequence != lastSequence + 1)) {
            throw new BenchProtocolException(probe.target + " sent frame #" + sequence + (lastSequence < 0
                    ? " first" : " after #" + lastSequence) + ", and it is no keyframe: a decoder could not show it");
        }
        lastSequence = sequence;
        probe.frameReceived(now, sequence, Math.max(0, clock.epochMicros(now) - captureMicros));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!window.isClosed(System.nanoTime())) {
            probe.failed(probe.gotFirstFrame() ? "the server closed the WebSocket"
                    : probe.target + " closed the WebSocket before the first H.264 frame: " + NO_H264_ADVICE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof WebSocketClientHandshakeException refused) {
            String status = refused.response() == null ? refused.getMessage() : "HTTP " + refused.response().status();
            fail(ctx, probe.target + " refused the WebSocket handshake (" + status + "): the page's H.264 is at"
                    + " ws://HOST:PORT/h264 or /cam/ID/h264 (a camera id from /state), and a login is not supported here");
        } else if (cause instanceof BenchProtocolException) {
            fail(ctx, cause.getMessage());
        } else {
            fail(ctx, "connection error: " + cause.getMessage());
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        probe.failed(reason);
        ctx.close();
    }
}
