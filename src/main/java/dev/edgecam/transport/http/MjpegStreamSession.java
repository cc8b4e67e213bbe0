package dev.edgecam.transport.http;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientMode;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.FramePump;
import dev.edgecam.transport.SharedFrameBuffers;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One client's MJPEG stream: the response headers once, then one part per frame for as long as the client
 * stays. The connection carries nothing else afterwards, and the body ends only when the connection does.
 *
 * <p>Each part (its headers, the hub's JPEG and the boundary of the next part) is built once per frame in
 * direct memory and shared by every client's write ({@link SharedFrameBuffers}): nothing is copied per client,
 * not even by Netty, which would otherwise copy heap arrays into direct memory for each socket. The
 * {@link FramePump} keeps at most one part in flight; a client slower than the camera skips frames (counted),
 * and one that stops reading is dropped by the pipeline's write timeout.
 *
 * <p>With {@code ?fps=N} a client gets at most N frames a second; frames it did not want are not counted as
 * skipped, so "skipped" keeps meaning "too slow to keep up" only for clients without a cap.
 */
final class MjpegStreamSession implements FramePump.Policy {

    /** Each frame as one multipart part, for every stream of one server to share. */
    static SharedFrameBuffers sharedParts() {
        return new SharedFrameBuffers(new SharedFrameBuffers.Framing() {
            @Override
            public byte[] prefix(Frame frame) {
                return MjpegProtocol.partHeader(frame.size(), frame.captureEpochMicros(), frame.sequence());
            }

            @Override
            public byte[] suffix(Frame frame) {
                return PART_END;
            }
        });
    }

    private static final byte[] PART_END = MjpegProtocol.partEnd();
    /**
     * The lowest {@code ?fps=} a viewer may ask for: one frame every 10 s. Lower rates are no video any more, and
     * a rate near zero would hold a viewer's place (and the encoder) while sending nothing.
     */
    static final double MIN_FPS = 0.1;

    private final SharedFrameBuffers parts;
    private final ClientRegistry registry;
    private final ClientInfo client;
    private final FramePump pump;
    private final long minIntervalNanos;
    private long lastSentCaptureNanos;
    private boolean sentAny;

    /** @param maxFps the client's own cap ({@code ?fps=}), or 0 for every frame */
    MjpegStreamSession(ChannelHandlerContext ctx, FrameHub hub, ClientRegistry registry, SharedFrameBuffers parts,
                       ClientInfo client, double maxFps) {
        this.parts = parts;
        this.registry = registry;
        this.client = client;
        this.pump = new FramePump(ctx.channel(), hub, client, this);
        // A little under the exact interval, so a cap equal to the source rate does not halve it by jitter.
        this.minIntervalNanos = maxFps > 0 ? (long) (1e9 / maxFps * 0.9) : 0;
    }

    /**
     * {@code ?fps=N}: a number from {@link #MIN_FPS} up to the encoder's own limit; absent means every frame (0).
     *
     * @throws IllegalArgumentException saying what to send instead
     */
    static double parseMaxFps(String text) {
        if (text == null) {
            return 0;
        }
        double fps;
        try {
            fps = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            fps = Double.NaN;
        }
        if (!(fps >= MIN_FPS && fps <= EncodeSettings.MAX_FPS_LIMIT)) {
            throw new IllegalArgumentException("fps=" + text + " is not a frame rate this stream can have; use a number"
                    + " from " + MIN_FPS + " to " + (int) EncodeSettings.MAX_FPS_LIMIT + ", such as /stream?fps=5");
        }
        return fps;
    }

    /** The response head that opens a stream (also the whole answer to {@code HEAD}). */
    static HttpResponse responseHead() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, MjpegProtocol.STREAM_CONTENT_TYPE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpResponses.NO_STORE)
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** Writes the response head and the first boundary, joins the registry and starts following the hub. */
    void start(ChannelHandlerContext ctx) {
        ctx.write(responseHead());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(MjpegProtocol.streamStart()));
        client.mode(ClientMode.STREAM);
        registry.joined(client);
        pump.start(minIntervalNanos == 0 ? FramePump.Follow.STREAM : FramePump.Follow.CAPPED_STREAM);
    }

    /** Stops following the hub (so encoding stops when nobody else watches) and leaves the registry. */
    void end(String reason) {
        pump.stop();
        registry.left(client, reason);
    }

    @Override
    public boolean shouldSend(Frame newest) {
        if (minIntervalNanos > 0 && sentAny && newest.captureNanos() - lastSentCaptureNanos < minIntervalNanos) {
            return false;
        }
        sentAny = true;
        lastSentCaptureNanos = newest.captureNanos();
        return true;
    }

    @Override
    public Object encode(Frame frame) {
        return parts.retainedMessage(frame);
    }
}
