package dev.edgecam.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a connection a fixed time to send one whole request, counted from when it opens and again from
 * when each keep-alive response is written. A client that sends nothing, or trickles bytes to hold the
 * socket (slowloris), gets 408 and is closed when the time is up; unlike a read-idle timer, trickling does
 * not reset it. Sits after the aggregator, so it sees whole requests only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final long timeoutMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    RequestDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancel();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** Starts the clock for the next request. Called on the event loop. */
    void arm() {
        cancel();
        timer = ctx.executor().schedule(this::expired, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the clock (a request arrived, or the connection now carries a stream). */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        log.debug("HTTP: {} sent no complete request within {} ms; closing", ctx.channel().remoteAddress(), timeoutMillis);
        HttpResponses.refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT,
                "no complete request within " + timeoutMillis + " ms; send the whole request at once");
    }
}
