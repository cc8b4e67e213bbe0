package dev.edgecam.transport.http;

import dev.edgecam.security.access.RefusalLog;
import dev.edgecam.transport.ClientInfo;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Answers a connection's requests one at a time: the next request goes to the handlers behind (login check,
 * endpoints) only once the answer to the previous one has gone into the socket. Sits right after the HTTP codec,
 * so it also holds back requests that the login check would refuse.
 *
 * <p>Why: a client may send many requests before reading any answer (HTTP pipelining). Answered at once, a client
 * that never reads makes the server queue every answer in memory: 20 000 pipelined {@code GET /metrics} took a
 * server from 108 MB to 1.2 GB. Here at most one answer per connection waits for the socket.
 *
 * <p>Bounds, and what happens past them: while an answer is pending, reading stops ({@code autoRead} off), so the
 * rest of what the client sends stays in the kernel and TCP makes the client wait. Requests already read in the
 * same chunk wait here in order, at most {@link #MAX_WAITING_REQUESTS}; past that the excess is dropped, and
 * <ul>
 *   <li>if the pending answer is stuck in the socket (the client does not read), the connection is closed at
 *       once (logged once per address and minute);</li>
 *   <li>otherwise (a snapshot still waiting for its frame) the waiting requests are answered in order, then the
 *       excess gets {@code 429} and the connection is closed.</li>
 * </ul>
 * A response without an end (an MJPEG stream) keeps the connection to itself: later requests wait until it closes.
 */
final class PipelinedRequests extends ChannelDuplexHandler {

    /** Requests a client may send ahead of the answers it has not read; more are refused. */
    static final int MAX_WAITING_REQUESTS = 16;

    /** Stands in the queue where the refusal of the excess requests is answered, in order. */
    private static final Object REFUSE_EXCESS = new Object();

    private final RefusalLog refusals;
    /** Requests (with their bodies) read while another was being answered, oldest first. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private int waitingRequests;
    /** True from passing a request on until its answer's end has gone into the socket. */
    private boolean answering;
    /** True while an answer's end has been written but the socket has not taken it yet. */
    private boolean unflushed;
    /** True while the response being written is informational (100 Continue), which does not end a request. */
    private boolean informational;
    /** True once too many requests came: everything more from the client is dropped. */
    private boolean overflowed;
    /** True once the connection is ending (a refusal sent): what the client still sends is drained and dropped. */
    private boolean closing;
    private boolean releasing;

    PipelinedRequests(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (overflowed || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean request = msg instanceof HttpRequest;
        if (waiting.isEmpty() && !(request && answering)) {
            // A body part with nothing waiting belongs to the request already passed on.
            answering |= request;
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        if (request && waitingRequests >= MAX_WAITING_REQUESTS) {
            ReferenceCountUtil.release(msg);
            overflow(ctx);
            return;
        }
        waitingRequests += request ? 1 : 0;
        waiting.add(msg);
    }

    private void overflow(ChannelHandlerContext ctx) {
        overflowed = true;
        String reason = "sent more than " + MAX_WAITING_REQUESTS + " requests ahead of their answers";
        if (unflushed) {
            refusals.dropped("HTTP", ClientInfo.host(ctx.channel().remoteAddress()),
                    reason + " without reading them");
            ctx.close();
            return;
        }
        waiting.add(REFUSE_EXCESS);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            closing |= response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        }
        if (msg instanceof LastHttpContent && !informational) {
            unflushed = true;
            promise = promise.unvoid();
            promise.addListener(written -> answered(ctx));
        }
        ctx.write(msg, promise);
    }

    private void answered(ChannelHandlerContext ctx) {
        unflushed = false;
        answering = false;
        if (closing) {
            dropWaiting();
            ctx.channel().config().setAutoRead(true); // drain what the client still sends, so it gets the answer
            return;
        }
        // After the other listeners of this write (the endpoint's, which starts the clock for the next request).
        ctx.executor().execute(() -> releaseWaiting(ctx));
    }

    /** Passes on waiting requests, one at a time; reading resumes once none waits and nothing is being answered. */
    private void releaseWaiting(ChannelHandlerContext ctx) {
        if (releasing) {
            return;
        }
        releasing = true;
        try {
            while (!waiting.isEmpty() && ctx.channel().isActive() && !closing) {
                Object next = waiting.peek();
                boolean startsRequest = next instanceof HttpRequest || next == REFUSE_EXCESS;
                if (startsRequest && answering) {
                    return;
                }
                waiting.poll();
                if (next == REFUSE_EXCESS) {
                    closing = true;
                    HttpResponses.refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "more than "
                            + MAX_WAITING_REQUESTS + " requests were sent ahead of their answers; the rest were not "
                            + "answered: read the answers before sending more, and reconnect");
                    return;
                }
                if (startsRequest) {
                    waitingRequests--;
                    answering = true;
                }
                ctx.fireChannelRead(next);
            }
        } finally {
            releasing = false;
        }
        if (waiting.isEmpty() && !answering && !overflowed && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void dropWaiting() {
        waiting.forEach(message -> {
            if (message != REFUSE_EXCESS) {
                ReferenceCountUtil.release(message);
            }
        });
        waiting.clear();
        waitingRequests = 0;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (overflowed && cause instanceof DecoderException) {
            // The codec's own bound (128 requests without answers) on the excess dropped here: already handled.
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropWaiting();
        ctx.fireChannelInactive();
    }
}
