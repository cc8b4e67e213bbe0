package dev.edgecam.transport.http;

import dev.edgecam.events.Event;
import dev.edgecam.events.EventJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code /events?live} (or {@code Accept: text/event-stream}): Server-Sent Events. The connection first gets the kept
 * events the query matches ({@link EventFilter}), then each new one as it happens, until the client leaves:
 *
 * <pre>
 *   id: 7
 *   event: camera_offline
 *   data: {"id":7,"time":"2026-11-30T07:40:00.123Z","camera":"door","type":"camera_offline","detail":"..."}
 *
 * </pre>
 *
 * A comment line every {@link #KEEPALIVE_SECONDS} keeps proxies and the idle timeout from closing a quiet stream. A
 * client that stops reading is closed when its socket's buffer is full (events are few; one that cannot take them is
 * gone). It follows the cameras served when it started: a camera added by a reload later needs a new stream.
 */
final class EventStreamSession {

    static final long KEEPALIVE_SECONDS = 15;
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final EventFilter filter;
    private final List<CameraEndpoints> cameras;
    private final Consumer<Event> listener = this::fromAnyThread;
    private ScheduledFuture<?> keepalive;

    private EventStreamSession(ChannelHandlerContext ctx, EventFilter filter, List<CameraEndpoints> cameras) {
        this.ctx = ctx;
        this.filter = filter;
        this.cameras = List.copyOf(cameras);
    }

    /** Whether the request asks for the live stream rather than the list. */
    static boolean wanted(FullHttpRequest request, Routes.Target target) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        return target.query().containsKey("live") || (accept != null && accept.contains("text/event-stream"));
    }

    /** Takes the connection over: the head, the kept events that match, then live ones. Call on the event loop. */
    static EventStreamSession start(ChannelHandlerContext ctx, Routes.Target target, List<CameraEndpoints> cameras) {
        EventStreamSession session = new EventStreamSession(ctx, EventFilter.of(target), cameras);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpResponses.NO_STORE)
                .set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        List<Event> kept = new ArrayList<>(EventsDocument.matching(session.filter, cameras));
        for (Event event : kept) {
            ctx.write(new DefaultHttpContent(message(event)));
        }
        ctx.flush();
        for (CameraEndpoints camera : session.cameras) {
            camera.camera.events().subscribe(session.listener);
        }
        session.keepalive = ctx.executor().scheduleAtFixedRate(session::keepalive, KEEPALIVE_SECONDS,
                KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(closed -> session.stop());
        return session;
    }

    private void fromAnyThread(Event event) {
        if (filter.matches(event)) {
            ctx.executor().execute(() -> send(message(event)));
        }
    }

    private void keepalive() {
        send(Unpooled.copiedBuffer(":\n\n", StandardCharsets.UTF_8));
    }

    private void send(ByteBuf bytes) {
        if (!ctx.channel().isActive()) {
            bytes.release();
            return;
        }
        if (!ctx.channel().isWritable()) {
            bytes.release();
            ctx.close(); // it has not read what it was sent: it is gone, or too slow for a few events a minute
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(bytes)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private static ByteBuf message(Event event) {
        String head = "id: " + event.id() + "\nevent: " + event.type() + "\ndata: ";
        byte[] json = EventJson.of(event);
        ByteBuf bytes = Unpooled.buffer(head.length() + json.length + 2);
        bytes.writeCharSequence(head, StandardCharsets.UTF_8);
        bytes.writeBytes(json);
        bytes.writeCharSequence("\n\n", StandardCharsets.UTF_8);
        return bytes;
    }

    private void stop() {
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        for (CameraEndpoints camera : cameras) {
            camera.camera.events().unsubscribe(listener);
        }
    }
}
