package dev.edgecam.transport.http;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.Fmp4Fragmenter;
import dev.edgecam.media.Fmp4Timeline;
import dev.edgecam.media.H264ParameterSets;
import dev.edgecam.wire.h264.H264SocketProtocol;
import dev.edgecam.wire.h264.H264SocketProtocol.Format;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One camera's H.264 frames as WebSocket messages ({@link H264SocketProtocol}), each built once per frame and format
 * in direct memory and shared by every viewer's write: no viewer costs an encode or a copy of the frame's bytes
 * (Netty's WebSocket encoder sends a large payload after its header without copying it).
 *
 * <p>Bounded: the newest {@link #CACHED_FRAMES} frames per format are kept (a keyframe's parameter sets with it).
 * A viewer further behind (it joined at the start of a long GOP) gets messages built again, for it alone; a message
 * evicted while still being written stays valid, as each write holds its own reference.
 *
 * <p>The camera's fMP4 fragments share one {@link Fmp4Timeline}: contiguous decode times, so a late frame is no
 * discontinuity to a browser's Media Source Extensions, and a frame built again gets the same place.
 */
final class SharedH264Messages implements AutoCloseable {

    /** Frames kept per format: viewers of one camera are seldom further apart than this. */
    static final int CACHED_FRAMES = 16;
    private static final double DEFAULT_FPS = 30;

    /** A frame's message and, for a keyframe, its parameter sets. */
    private record Entry(Frame frame, ByteBuf message, H264ParameterSets params) {
    }

    private final Map<Format, Map<Long, Entry>> byFormat = new java.util.EnumMap<>(Format.class);
    private final Fmp4Timeline timeline = new Fmp4Timeline();
    private boolean closed;

    SharedH264Messages() {
        for (Format format : Format.values()) {
            byFormat.put(format, new LinkedHashMap<>(CACHED_FRAMES * 2, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                    boolean evict = size() > CACHED_FRAMES;
                    if (evict) {
                        eldest.getValue().message().release();
                    }
                    return evict;
                }
            });
        }
    }

    /**
     * The message of {@code frame} in {@code format}, a new reference for one write.
     *
     * @param fps the camera's frame rate, the fMP4 timeline's first frame interval (0 when unknown: 30 is assumed)
     */
    synchronized BinaryWebSocketFrame message(Frame frame, Format format, double fps) {
        Entry entry = entry(frame, format, fps);
        BinaryWebSocketFrame message = new BinaryWebSocketFrame(entry.message().retainedDuplicate());
        releaseIfUncached(entry);
        return message;
    }

    /** The parameter sets of keyframe {@code frame}. */
    synchronized H264ParameterSets params(Frame frame, Format format, double fps) {
        Entry entry = entry(frame, format, fps);
        releaseIfUncached(entry);
        return entry.params();
    }

    /** After close the entries are not cached: their one reference is the caller's. */
    private void releaseIfUncached(Entry entry) {
        if (closed) {
            entry.message().release();
        }
    }

    /** The cached entry of {@code frame}, built if missing; its message's one reference is the cache's. */
    private Entry entry(Frame frame, Format format, double fps) {
        Map<Long, Entry> cache = byFormat.get(format);
        Entry entry = cache.get(frame.sequence());
        if (entry != null && entry.frame() == frame) {
            return entry;
        }
        H264ParameterSets params = frame.keyframe() ? H264ParameterSets.of(frame.bytes()) : null;
        entry = new Entry(frame, build(frame, format, fps), params);
        if (!closed) {
            Entry replaced = cache.put(frame.sequence(), entry);
            if (replaced != null) {
                replaced.message().release();
            }
        }
        return entry;
    }

    private ByteBuf build(Frame frame, Format format, double fps) {
        byte[] header = format == Format.FMP4 ? new byte[0]
                : H264SocketProtocol.header(frame.keyframe(), frame.captureEpochMicros(), frame.sequence());
        byte[] body = format == Format.FMP4
                ? Fmp4Fragmenter.fragment(frame, timeline.place(frame, durationTicks(fps))) : frame.bytes();
        ByteBuf message = Unpooled.directBuffer(header.length + body.length);
        return message.writeBytes(header).writeBytes(body);
    }

    /** The camera's frame interval at 90 kHz: where the timeline's measured interval starts. */
    static int durationTicks(double fps) {
        return (int) Math.round(Fmp4Fragmenter.TIMESCALE / (fps > 0 ? fps : DEFAULT_FPS));
    }

    /** Releases the cached messages; messages still being written stay valid. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        byFormat.values().forEach(cache -> {
            cache.values().forEach(entry -> entry.message().release());
            cache.clear();
        });
    }
}
