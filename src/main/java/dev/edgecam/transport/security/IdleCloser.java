package dev.edgecam.transport.security;

import dev.edgecam.transport.ConnectionDropped;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection on the {@link IdleStateEvent} of the {@code IdleStateHandler} before it: a client that
 * has neither sent nor received anything for the idle timeout is gone or forgotten, and holds a place that
 * a real client may need.
 */
final class IdleCloser extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(IdleCloser.class);

    private final String stage;
    private final long idleSeconds;

    IdleCloser(String stage, long idleSeconds) {
        this.stage = stage;
        this.idleSeconds = idleSeconds;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.info("{}: closing {}: idle for {} s", stage, Peers.text(ctx.channel().remoteAddress()), idleSeconds);
            ctx.fireUserEventTriggered(new ConnectionDropped("idle for " + idleSeconds + " s (--idle-timeout)"));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
