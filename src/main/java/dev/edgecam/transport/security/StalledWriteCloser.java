package dev.edgecam.transport.security;

import dev.edgecam.transport.ConnectionDropped;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * Disconnects a client that has stopped reading: when a write (one frame, see {@code FramePump}) has not
 * gone into the socket within the write timeout. The frame in flight is all a client ever holds, so this
 * bounds how long a stalled client keeps its buffer and its place, not how much memory it holds.
 */
final class StalledWriteCloser extends WriteTimeoutHandler {

    private final String stage;
    private final RefusalLog refusals;
    private final long timeoutMillis;

    StalledWriteCloser(String stage, RefusalLog refusals, long timeoutMillis) {
        super(timeoutMillis, TimeUnit.MILLISECONDS);
        this.stage = stage;
        this.refusals = refusals;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected void writeTimedOut(ChannelHandlerContext ctx) {
        String reason = "it accepted no data for " + timeoutMillis / 1000.0 + " s (--write-timeout)";
        // By address, not connection: one host opening streams it never reads would otherwise write a line for each (its
        // connections' own leave lines, rate-limited too, name the port).
        refusals.dropped(stage, Peers.host(ctx.channel().remoteAddress()), reason);
        ctx.fireUserEventTriggered(new ConnectionDropped("dropped: " + reason));
        ctx.close();
    }
}
