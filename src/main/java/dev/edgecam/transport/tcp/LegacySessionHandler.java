package dev.edgecam.transport.tcp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientMode;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ConnectionDropped;
import dev.edgecam.transport.FramePump;
import dev.edgecam.transport.LeaveReasons;
import dev.edgecam.transport.SharedFrameBuffers;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One legacy client's session state: single frames owed, stream mode on or off.
 *
 * <p>Unlike the original server, each connection has its own state, {@code 2} ends only this session,
 * each {@code 0} is answered with exactly one frame captured after it arrived, {@code 1} is accepted and
 * optional, and only framed JPEGs are ever written.
 */
final class LegacySessionHandler extends SimpleChannelInboundHandler<Command> implements FramePump.Policy {

    private static final Logger log = LoggerFactory.getLogger(LegacySessionHandler.class);
    /**
     * Single-frame requests a client may have outstanding. The original client asks for one at a time; more
     * {@code 0}s beyond this are ignored, so a client cannot make the server hold unbounded requests.
     */
    static final int MAX_OWED_SINGLE_FRAMES = 16;
    /** After {@code 2}, how long a frame still being written may take before the connection is closed anyway. */
    static final long END_SESSION_GRACE_MILLIS = 5_000;
    /** The user event by which the server ends every session when it shuts down. */
    static final Object SERVER_CLOSING = new Object() {
        @Override
        public String toString() {
            return "SERVER_CLOSING";
        }
    };

    private final FrameHub hub;
    private final ClientRegistry registry;
    private final SharedFrameBuffers frames;
    /** When each owed single frame was asked for ({@link System#nanoTime()}); oldest first. */
    private final ArrayDeque<Long> owedSingleFrames = new ArrayDeque<>();
    private ClientInfo client;
    private FramePump pump;
    private ChannelHandlerContext ctx;
    private boolean streaming;
    private boolean ending;
    /** True once the client has closed its side: it sends nothing more, and the session ends once it is answered. */
    private boolean inputClosed;
    private String leaveReason = "closed by client";

    /** Frames with the legacy length header, for every session of one server to share. */
    static SharedFrameBuffers sharedFrames() {
        return new SharedFrameBuffers(frame -> LegacyProtocol.header(frame.size()));
    }

    /** @param frames the server's {@link #sharedFrames()} */
    LegacySessionHandler(FrameHub hub, ClientRegistry registry, SharedFrameBuffers frames) {
        this.hub = hub;
        this.registry = registry;
        this.frames = frames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        client = new ClientInfo(TransportKind.TCP, address(ctx));
        pump = new FramePump(ctx.channel(), hub, client, this);
        registry.joined(client);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Command command) {
        if (ending) {
            return; // bytes after a 2 in the same read ("23") belong to a session that is over
        }
        switch (command) {
            case REQUEST_FRAME -> requestSingleFrame();
            case CONFIRM -> { /* The original server waits for it; edgecam needs no confirmation. */ }
            case START_STREAM -> startStream();
            case STOP_STREAM -> stopStream();
            case END_SESSION -> endSession(ctx, "ended the session");
        }
    }

    /**
     * Ends this session only. A frame already on its way is finished first (the empty write completes after
     * it), so the client never sees half a frame; nothing new is sent.
     */
    private void endSession(ChannelHandlerContext ctx, String reason) {
        if (ending) {
            return;
        }
        ending = true;
        leaveReason = reason;
        streaming = false;
        owedSingleFrames.clear();
        pump.stop();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        ctx.executor().schedule(() -> ctx.close(), END_SESSION_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void requestSingleFrame() {
        if (streaming || owedSingleFrames.size() >= MAX_OWED_SINGLE_FRAMES) {
            return;
        }
        owedSingleFrames.add(System.nanoTime());
        client.mode(ClientMode.SINGLE);
        pump.start(FramePump.Follow.NEXT_FRAMES);
    }

    private void startStream() {
        if (streaming) {
            return;
        }
        streaming = true;
        owedSingleFrames.clear();
        client.mode(ClientMode.STREAM);
        pump.start(FramePump.Follow.STREAM);
    }

    private void stopStream() {
        if (!streaming) {
            return;
        }
        streaming = false;
        client.mode(ClientMode.IDLE);
        pump.stop();
    }

    @Override
    public boolean shouldSend(Frame newest) {
        if (streaming) {
            return true;
        }
        Long askedAt = owedSingleFrames.peek();
        if (askedAt == null || newest.captureNanos() - askedAt < 0) {
            return false;
        }
        owedSingleFrames.poll();
        if (owedSingleFrames.isEmpty()) {
            pump.stop();
            client.mode(ClientMode.IDLE);
            if (inputClosed) {
                // After the pump has written this frame: endSession finishes it, then closes.
                ctx.executor().execute(() -> endSession(ctx, "closed by client after its last frame"));
            }
        }
        return true;
    }

    @Override
    public Object encode(Frame frame) {
        return frames.retainedMessage(frame);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == SERVER_CLOSING) {
            endSession(ctx, "server shutting down");
            return;
        }
        if (event instanceof ConnectionDropped dropped) {
            leaveReason = dropped.reason();
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            // The client has sent all it will. Frames it asked for still go out (a stream runs until the client
            // goes away entirely); with nothing owed, the session is over.
            inputClosed = true;
            if (!streaming && owedSingleFrames.isEmpty()) {
                endSession(ctx, "closed by client");
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pump.stop();
        registry.left(client, leaveReason);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        leaveReason = LeaveReasons.of(cause);
        if (!(cause instanceof IOException)) {
            log.warn("TCP: session {} failed", client, cause);
        }
        ctx.close();
    }

    static String address(ChannelHandlerContext ctx) {
        return ClientInfo.address(ctx.channel().remoteAddress());
    }
}
