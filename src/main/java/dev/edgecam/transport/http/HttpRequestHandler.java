package dev.edgecam.transport.http;

import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.security.access.RefusalLog;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: routes each to its endpoint and answers in order. Whole responses keep the
 * connection alive when the client wants; a stream takes the connection over until it closes. A snapshot
 * is answered when its frame arrives. Requests come one at a time: {@link PipelinedRequests}, in front, holds
 * pipelined requests back until the answer before them has been written.
 */
final class HttpRequestHandler extends EndpointHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);
    private static final String PATHS_HINT = "the paths are /, /stream, /h264 (WebSocket), /snapshot,"
            + " /state, /events, /recordings, /metrics and /settings, and /cam/ID/stream, /cam/ID/h264, /cam/ID/snapshot and /cam/ID/settings for"
            + " each camera";

    private final HttpServices services;
    private final RequestDeadline deadline;
    private final RefusalLog refusals;
    private ChannelHandlerContext ctx;
    private MjpegStreamSession stream;
    /** The live events this connection carries now, or null. */
    private EventStreamSession events;
    private SnapshotWaiter snapshot;
    /** The request a pending snapshot answers, held until then (released here, also if the client leaves). */
    private FullHttpRequest snapshotRequest;
    private boolean answering;

    /** @param refusals where refused requests are logged, once per kind and address a minute */
    HttpRequestHandler(HttpServices services, RequestDeadline deadline, RefusalLog refusals) {
        super(FullHttpRequest.class, "HTTP");
        this.services = services;
        this.deadline = deadline;
        this.refusals = refusals;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (stream != null || events != null) {
            return; // the connection carries a stream now; anything the client sends is ignored
        }
        handle(request);
    }

    private void handle(FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            refuseMalformed(decoded.cause());
            return;
        }
        Routes.Target target;
        try {
            target = Routes.resolve(request.uri());
        } catch (IllegalArgumentException malformed) {
            refusals.refused("HTTP", ClientInfo.host(ctx.channel().remoteAddress()), "undecodable target");
            answer(request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "the request target cannot be decoded ("
                    + malformed.getMessage() + "); write a literal % as %25"));
            return;
        }
        HttpMethod method = request.method();
        if (target == null) {
            answer(request, HttpResponses.error(HttpResponseStatus.NOT_FOUND,
                    "nothing at " + pathOf(request) + "; " + PATHS_HINT));
            return;
        }
        if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse response = HttpResponses.response(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0]);
            response.headers().set(HttpHeaderNames.ALLOW, target.route().allowHeader());
            answer(request, response);
            return;
        }
        if (!target.route().allows(method)) {
            FullHttpResponse response = HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    method.name() + " is not allowed on " + target.path() + "; use " + target.route().allowHeader());
            response.headers().set(HttpHeaderNames.ALLOW, target.route().allowHeader());
            answer(request, response);
            return;
        }
        switch (target.route()) {
            case PAGE -> answerAsset(request, services.assets.page(), target.path());
            case ASSET -> answerAsset(request, services.assets.byPath(target.path()), target.path());
            case STATE -> answer(request, noStore(HttpResponses.json(HttpResponseStatus.OK, services.state().build())));
            case EVENTS -> answerEvents(request, target);
            case RECORDINGS -> answerRecordings(request, target);
            case METRICS -> answer(request, noStore(HttpResponses.response(HttpResponseStatus.OK,
                    PrometheusMetrics.CONTENT_TYPE, HttpResponses.utf8(services.metrics().scrape()))));
            case STREAM, H264, SNAPSHOT, SETTINGS -> answerForCamera(request, target);
            case ONVIF -> answerOnvif(request);
        }
    }

    /** An ONVIF call: answered when its login check (perhaps a PBKDF2 off the event loop) is done. */
    private void answerOnvif(FullHttpRequest request) {
        FullHttpRequest held = request.retain();
        answering = true;
        OnvifEndpoint.answer(ctx, held, services).thenAccept(response -> ctx.executor().execute(() -> {
            answering = false;
            try {
                if (response != null) {
                    answer(held, response);
                }
            } finally {
                held.release();
            }
        }));
    }

    /** {@code /events}: the list, or (asked for with {@code ?live} or {@code Accept}) the live stream. */
    private void answerEvents(FullHttpRequest request, Routes.Target target) {
        FullHttpResponse refusal = EventsDocument.refusal(target, services.cameras());
        if (refusal != null || !EventStreamSession.wanted(request, target) || request.method().equals(HttpMethod.HEAD)) {
            answer(request, noStore(refusal != null ? refusal : EventsDocument.answer(target, services.cameras())));
            return;
        }
        deadline.cancel();
        events = EventStreamSession.start(ctx, target, services.cameras());
    }

    /** {@code /recordings}: the lists as JSON, or a segment streamed from the disk. */
    private void answerRecordings(FullHttpRequest request, Routes.Target target) {
        FullHttpResponse answer = !target.path().startsWith(RecordingsEndpoint.PREFIX)
                ? RecordingsEndpoint.list(target, services.cameras())
                : RecordingsEndpoint.download(ctx, request, target, services.cameras(), services.clipCutters, () -> {
                    if (ctx.channel().isActive()) {
                        deadline.arm(); // the next request's clock, as after any answer
                    }
                });
        if (answer != null) {
            answer(request, noStore(answer));
        }
    }

    /** The endpoints that belong to one camera: the one the target names, or a 404 that lists the cameras there are. */
    private void answerForCamera(FullHttpRequest request, Routes.Target target) {
        CameraEndpoints camera = services.camera(target);
        if (camera == null) {
            String which = target.cameraId() != null ? "no camera '" + target.cameraId() + "'"
                    : "no camera number " + target.cameraIndex() + " (they count from 0)";
            answer(request, HttpResponses.error(HttpResponseStatus.NOT_FOUND, which + " at " + pathOf(request)
                    + "; the cameras are " + services.knownIds() + " (/cam/ID/stream, /cam/ID/snapshot, /cam/ID/settings)"));
            return;
        }
        switch (target.route()) {
            case STREAM -> startStream(request, target, camera);
            case SNAPSHOT -> startSnapshot(request, target, camera);
            case H264 -> upgradeToH264(request, target, camera);
            default -> answerSettings(request, camera);
        }
    }

    private void answerAsset(FullHttpRequest request, WebAssets.Asset asset, String path) {
        if (asset == null) {
            answer(request, HttpResponses.error(HttpResponseStatus.NOT_FOUND, "nothing at " + path + "; " + PATHS_HINT));
            return;
        }
        FullHttpResponse response = HttpResponses.response(HttpResponseStatus.OK, asset.contentType(), asset.bytes());
        response.headers()
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, WebAssets.CONTENT_SECURITY_POLICY);
        answer(request, response);
    }

    private void answerSettings(FullHttpRequest request, CameraEndpoints camera) {
        if (!request.method().equals(HttpMethod.PUT)) {
            answer(request, noStore(HttpResponses.json(HttpResponseStatus.OK, camera.settings.current())));
            return;
        }
        String refusal = services.settingsPermission.refusal();
        if (refusal != null) {
            answer(request, HttpResponses.error(HttpResponseStatus.FORBIDDEN, "settings not changed: " + refusal));
            return;
        }
        try {
            String body = request.content().toString(StandardCharsets.UTF_8);
            answer(request, noStore(HttpResponses.json(HttpResponseStatus.OK, camera.settings.update(body))));
        } catch (IllegalArgumentException e) {
            answer(request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "settings not changed: " + e.getMessage()));
        }
    }

    private void startStream(FullHttpRequest request, Routes.Target target, CameraEndpoints camera) {
        double maxFps;
        try {
            maxFps = MjpegStreamSession.parseMaxFps(target.parameter("fps"));
        } catch (IllegalArgumentException e) {
            answer(request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        FrameHub frames = renditionHub(request, target, camera);
        if (frames == null) {
            return;
        }
        deadline.cancel();
        if (request.method().equals(HttpMethod.HEAD)) {
            ctx.writeAndFlush(MjpegStreamSession.responseHead()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ClientInfo client = new ClientInfo(TransportKind.HTTP, ClientInfo.address(ctx.channel().remoteAddress()));
        stream = new MjpegStreamSession(ctx, frames, camera.registry, camera.streamParts(frames), client, maxFps);
        camera.streams.add(ctx.channel());
        stream.start(ctx);
    }

    /** Hands the connection to an {@link H264SocketSession}, or answers why it cannot be one. */
    private void upgradeToH264(FullHttpRequest request, Routes.Target target, CameraEndpoints camera) {
        FullHttpResponse refusal = H264SocketSession.upgrade(ctx, request, target, camera, deadline);
        if (refusal != null) {
            answer(request, refusal);
        }
    }

    /**
     * The hub of the size {@code ?size=WxH} asks for, or the camera's default hub without it; null when the size
     * cannot be served, after answering 400 with the reason.
     */
    private FrameHub renditionHub(FullHttpRequest request, Routes.Target target, CameraEndpoints camera) {
        String size = target.parameter("size");
        try {
            return camera.hub(size == null ? null : Size.parse(size));
        } catch (IllegalArgumentException e) {
            answer(request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "size=" + size + ": " + e.getMessage()));
            return null;
        }
    }

    private void startSnapshot(FullHttpRequest request, Routes.Target target, CameraEndpoints camera) {
        FrameHub frames = renditionHub(request, target, camera);
        if (frames == null) {
            return;
        }
        snapshotRequest = request.retain();
        answering = true;
        snapshot = new SnapshotWaiter(frames, ctx.channel().eventLoop(),
                frame -> finishSnapshot(snapshotResponse(frame)),
                () -> finishSnapshot(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no frame within "
                        + services.options.snapshotTimeout().toMillis() + " ms; the source may be offline, see /state")));
        snapshot.start(services.options.snapshotTimeout().toMillis());
    }

    private void finishSnapshot(FullHttpResponse response) {
        FullHttpRequest request = snapshotRequest;
        if (request == null) {
            response.release(); // the client left while its frame was on the way
            return;
        }
        snapshot = null;
        snapshotRequest = null;
        answering = false;
        try {
            answer(request, response);
        } finally {
            request.release();
        }
    }

    private static FullHttpResponse snapshotResponse(Frame frame) {
        FullHttpResponse response = HttpResponses.response(HttpResponseStatus.OK, MjpegProtocol.JPEG_CONTENT_TYPE,
                frame.jpeg());
        response.headers()
                .set(HttpHeaderNames.CACHE_CONTROL, HttpResponses.NO_STORE)
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE)
                .set(MjpegProtocol.TIMESTAMP_HEADER, MjpegProtocol.formatTimestamp(frame.captureEpochMicros()))
                .set(MjpegProtocol.SEQUENCE_HEADER, frame.sequence())
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "inline; filename=\"edgecam-" + frame.sequence() + ".jpg\"");
        return response;
    }

    private static FullHttpResponse noStore(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpResponses.NO_STORE);
        return response;
    }

    /** Sends a whole response, then starts the clock for the next request. */
    private void answer(FullHttpRequest request, FullHttpResponse response) {
        ChannelFuture written = HttpResponses.send(ctx, request, response);
        written.addListener(done -> {
            if (ctx.channel().isActive() && !answering && stream == null) {
                deadline.arm();
            }
        });
    }

    private void refuseMalformed(Throwable cause) {
        deadline.cancel();
        if (cause instanceof TooLongHttpLineException) {
            leaveReason("request line too long");
            HttpResponses.refuse(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is longer than "
                    + services.options.maxRequestLineBytes() + " bytes; shorten the URL");
        } else if (cause instanceof TooLongHttpHeaderException) {
            leaveReason("headers too large");
            HttpResponses.refuse(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are larger"
                    + " than " + services.options.maxHeaderBytes() + " bytes; send fewer or shorter headers");
        } else {
            leaveReason("malformed request");
            HttpResponses.refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not a valid HTTP/1.1 request ("
                    + cause.getMessage() + "); send, for example, GET /stream HTTP/1.1");
        }
        log.debug("HTTP: refused {}: {}", ctx.channel().remoteAddress(), leaveReason());
    }

    private static String pathOf(FullHttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream != null) {
            stream.end(leaveReason());
        }
        if (snapshot != null) {
            snapshot.cancel();
            snapshot = null;
        }
        if (snapshotRequest != null) {
            snapshotRequest.release();
            snapshotRequest = null;
        }
        ctx.fireChannelInactive();
    }
}
