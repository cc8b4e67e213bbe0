package dev.edgecam.transport.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a connection a fixed time to send one whole request, counted from when it opens and again from
 * when each keep-alive response is written. A client that sends nothing, or trickles bytes to hold the
 * socket (slowloris), gets 408 and is closed when the time is up; unlike a read-idle timer, trickling does
 * not reset it.
 *
 * <p>Sits right behind the pipelining check, in front of the login check: the clock stops when the request's last
 * byte has arrived, not when the request has passed the login check, whose password hashing (seconds on a board,
 * more while other checks queue) is the server's time, not the client's (a right login used to get 408). For the
 * same reason it restarts when any answer has been written, a 401 or 403 from the checks included.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final long timeoutMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    /** True while the response being written is informational (100 Continue): the request is not answered yet. */
    private boolean informational;
    /** True from a request's head until its last part arrives or it is answered. */
    private boolean awaitingEnd;

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
        if (msg instanceof HttpRequest) {
            awaitingEnd = true;
        }
        if (msg instanceof LastHttpContent && awaitingEnd) {
            awaitingEnd = false;
            cancel(); // the whole request is in (a FullHttpRequest is its own last part)
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent && !informational) {
            // Answered, perhaps before the request's end arrived (a 401 drops the body): that end no longer stops the clock.
            awaitingEnd = false;
            promise = promise.unvoid();
            promise.addListener(written -> {
                if (ctx.channel().isActive()) {
                    arm();
                }
            });
        }
        ctx.write(msg, promise);
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
