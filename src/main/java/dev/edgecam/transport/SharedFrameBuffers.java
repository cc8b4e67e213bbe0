package dev.edgecam.transport;

import dev.edgecam.frame.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest frame of one transport, already framed for the wire, in one direct buffer that every client's
 * write shares.
 *
 * <p>Why: Netty's epoll and NIO transports hand only direct (off-heap) memory to the kernel, so a write of the
 * hub's {@code byte[]} is first copied into a fresh direct buffer, once per client per frame. The profile of
 * the 200-client run showed that copy (and its allocation) as the main cost of serving. Here the first
 * client's write of a frame copies it once, with the transport's framing around it; every other client writes
 * a retained duplicate of that buffer (its own reader index, the same memory).
 *
 * <p>Memory: the cache holds one frame; each write in flight holds the frame it is writing until the kernel
 * has it, and a client has at most one write in flight ({@link FramePump}), so at most one frame per client
 * plus one. Buffers are unpooled so that a buffer released by a newer frame can never be reused under a
 * late reader: retaining a released buffer fails, and that reader makes its own copy.
 */
public final class SharedFrameBuffers implements AutoCloseable {

    /** The bytes a transport puts around a frame's JPEG. */
    public interface Framing {
        /** Bytes before the JPEG, such as a length or a multipart header. */
        byte[] prefix(Frame frame);

        /** Bytes after the JPEG; none unless a transport needs them. */
        default byte[] suffix(Frame frame) {
            return new byte[0];
        }
    }

    private record Cached(Frame frame, ByteBuf message) {
    }

    private final Framing framing;
    private final AtomicReference<Cached> current = new AtomicReference<>();

    public SharedFrameBuffers(Framing framing) {
        this.framing = framing;
    }

    /**
     * The framed bytes of {@code frame}, to write once; the write releases them. Safe from any thread.
     */
    public ByteBuf retainedMessage(Frame frame) {
        // A few attempts cover a race with another client's write of a newer frame; then copy alone.
        for (int attempt = 0; attempt < 3; attempt++) {
            Cached cached = current.get();
            if (cached != null && cached.frame() == frame) {
                ByteBuf shared = tryRetainedDuplicate(cached.message());
                if (shared != null) {
                    return shared;
                }
            } else if (cached == null || cached.frame().sequence() < frame.sequence()) {
                ByteBuf message = framed(frame);
                if (current.compareAndSet(cached, new Cached(frame, message))) {
                    ByteBuf shared = message.retainedDuplicate();
                    if (cached != null) {
                        cached.message().release();
                    }
                    return shared;
                }
                message.release();
            } else {
                break; // An older frame than the cached one: a late writer; not worth caching.
            }
        }
        return framed(frame);
    }

    private ByteBuf framed(Frame frame) {
        byte[] prefix = framing.prefix(frame);
        byte[] suffix = framing.suffix(frame);
        ByteBuf message = Unpooled.directBuffer(prefix.length + frame.size() + suffix.length);
        return message.writeBytes(prefix).writeBytes(frame.jpeg()).writeBytes(suffix);
    }

    private static ByteBuf tryRetainedDuplicate(ByteBuf message) {
        try {
            return message.retainedDuplicate();
        } catch (IllegalReferenceCountException released) {
            return null;
        }
    }

    /** Releases the cached frame; writes in flight keep theirs until done. Idempotent. */
    @Override
    public void close() {
        Cached cached = current.getAndSet(null);
        if (cached != null) {
            cached.message().release();
        }
    }
}
