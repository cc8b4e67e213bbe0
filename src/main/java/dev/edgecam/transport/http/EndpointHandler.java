package dev.edgecam.transport.http;

import dev.edgecam.transport.ConnectionDropped;
import dev.edgecam.transport.LeaveReasons;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection of the HTTP port (the endpoints, or a WebSocket session), and why its client left,
 * for the leave line: closed by the client unless the pipeline dropped it ({@link ConnectionDropped}: a stalled
 * write, say), it failed (closed here; an error that is no network error is logged as a warning), or the endpoint
 * said otherwise ({@link #leaveReason(String)}).
 *
 * @param <T> the messages it reads
 */
abstract class EndpointHandler<T> extends SimpleChannelInboundHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(EndpointHandler.class);

    private final String stage;
    private String leaveReason = "closed by client";

    /** @param stage the name of the log lines' stage: {@code HTTP}, {@code WS} */
    EndpointHandler(Class<? extends T> messages, String stage) {
        super(messages);
        this.stage = stage;
    }

    final String leaveReason() {
        return leaveReason;
    }

    final void leaveReason(String reason) {
        leaveReason = reason;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ConnectionDropped dropped) {
            leaveReason = dropped.reason();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        leaveReason = LeaveReasons.of(cause);
        if (!(cause instanceof IOException)) {
            log.warn("{}: connection {} failed", stage, ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
