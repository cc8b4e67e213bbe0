package dev.edgecam.client.receive;

import java.io.IOException;

/**
 * A live stream of frames from one server, delivered in arrival order. Blocking: one thread calls
 * {@link #next()}; any thread may call {@link #close()} to stop it.
 */
public interface FrameReceiver extends AutoCloseable {

    /**
     * Waits for the next frame.
     *
     * @return the frame, or {@code null} once the stream has ended: the server closed it cleanly or
     *     {@link #close()} was called
     * @throws IOException when the connection fails, the wire format is broken, or no frame arrives within
     *     the read timeout; the message says which
     */
    ReceivedFrame next() throws IOException;

    /** The server this receiver reads from, for messages. */
    String describe();

    /** Stops receiving and releases the connection. Idempotent; a thread blocked in {@link #next()} wakes up. */
    @Override
    void close();
}
