package dev.edgecam.transport.security;

import dev.edgecam.security.access.Cidr;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.access.RefusalLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP (or RTSP) connection that sends nothing within {@link ConnectionLimits#firstRequestTimeout()} of
 * connecting, and steps out of the pipeline at its first byte (the request timeout takes over from there).
 * Browsers and tools send their request, or the TLS handshake, at once; a connection opened and left idle
 * only holds a place another client may need, and re-opening such connections was enough to keep a real
 * user out. Not for the legacy port, whose original client connects and then waits at its prompt.
 * One instance per connection.
 */
final class FirstByteTimeout extends ChannelInboundHandlerAdapter {

    private final String stage;
    private final long timeoutMillis;
    private final RefusalLog refusals;
    private ScheduledFuture<?> timer;

    FirstByteTimeout(long timeoutMillis, RefusalLog refusals) {
        this("HTTP", timeoutMillis, refusals);
    }

    /** @param stage the transport's log stage ({@code HTTP}, {@code RTSP}) */
    FirstByteTimeout(String stage, long timeoutMillis, RefusalLog refusals) {
        this.stage = stage;
        this.timeoutMillis = timeoutMillis;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            refusals.refused(stage, Peers.host(ctx.channel().remoteAddress()),
                    "sent nothing for " + timeoutMillis / 1000.0 + " s after connecting; closed");
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancel();
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
