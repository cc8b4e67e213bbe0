package dev.edgecam.client.receive;

import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of the legacy TCP protocol ({@link LegacyProtocol}), compatible with the edgecam server
 * and with the original Python server and its quirks.
 *
 * <p>Compared with the original client it is strict where that is safe: it reads exactly 4 length bytes and
 * exactly N payload bytes, refuses a length of 0 or above the maximum before allocating, times out instead of
 * hanging (the read timeout bounds each whole frame, not each read: see {@link FrameDeadline}), and always
 * confirms a single frame with {@code 1}, without which the original server sends no further single frame. A
 * server that streams before being asked is tolerated: frames already waiting when a single frame is requested
 * are skipped, so the answer is fresh.
 *
 * <p>The original server reads each {@code recv()} as one command, so two command bytes that reach it together
 * ({@code 3} and {@code 0} as {@code 30}, {@code 1} and {@code 0} as {@code 10}) are an unknown command to it,
 * answered with text in the frame stream. This client therefore never has two command bytes in flight: stream
 * mode is {@code 3} alone, and consecutive commands are at least {@link #COMMAND_GAP_MILLIS} apart ({@link
 * #CONFIRM_TO_REQUEST_GAP_MILLIS} from a {@code 1} to the next {@code 0}).
 *
 * <p>One thread uses a client at a time; {@link #close()} may be called from any thread and wakes a blocked read.
 */
public final class LegacyClient implements AutoCloseable {

    /** How long the socket must stay quiet after {@code q} before the stream counts as drained. */
    static final int DRAIN_QUIET_MILLIS = 300;
    /** Upper bound on draining after {@code q}, for a server that never stops streaming. */
    static final int DRAIN_MAX_MILLIS = 3_000;
    /** Frames already buffered before a single-frame request that are skipped at most (stale frames from a streaming server). */
    static final int STALE_FRAMES_SKIPPED_MAX = 100;
    /**
     * Least time between two command bytes, so the original server reads each on its own. Measured against it:
     * back-to-back bytes coalesced 12 times in 10 s, a 5 ms pause never in 150 round trips; 20 ms leaves room
     * for a loaded device whose Python threads wake late. It costs only a {@code 1} followed at once by a {@code 0}.
     */
    static final long COMMAND_GAP_MILLIS = 20;
    /**
     * Least time between a {@code 1} and the next {@code 0}. The original server's send thread, woken by the
     * {@code 1}, clears its "frame wanted" flag only then; a {@code 0} its receive thread reads before that wake sets
     * the flag just before it is cleared, and no frame ever comes (seen once in 8 runs of 20 back-to-back single
     * frames, under two CPU hogs, with the 20 ms gap). The original client never met this: it showed each frame for
     * 3 s before its {@code 1}. 100 ms covers a slow wake on a loaded device; it costs only back-to-back single frames.
     */
    static final long CONFIRM_TO_REQUEST_GAP_MILLIS = 100;

    private final String where;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final LegacyFrameReader reader;
    private final ClientOptions options;
    private long sequence;
    private long lastCommandNanos;
    private Command lastCommand;
    private volatile boolean streaming;
    private volatile boolean closed;

    private LegacyClient(String where, Socket socket, ClientOptions options) throws IOException {
        this.where = where;
        this.socket = socket;
        this.options = options;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.reader = new LegacyFrameReader(in, options.maxFrameBytes());
        this.lastCommandNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(COMMAND_GAP_MILLIS);
    }

    /** Connects within the connect timeout; the exception's message says what went wrong and what to check. */
    public static LegacyClient connect(String host, int port, ClientOptions options) throws IOException {
        Socket socket = Connections.connect(host, port, options);
        try {
            return new LegacyClient(host + ":" + port, socket, options);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks for one fresh frame ({@code 0}), waits for it, and confirms it ({@code 1}). */
    public ReceivedFrame requestFrame() throws IOException {
        if (streaming) {
            throw new IllegalStateException("stop the stream before asking for a single frame");
        }
        skipFramesAlreadyWaiting();
        send(Command.REQUEST_FRAME);
        ReceivedFrame frame = read("while waiting for a single frame");
        if (frame == null) {
            throw new IOException(where + " closed the connection instead of sending the frame");
        }
        send(Command.CONFIRM);
        return frame;
    }

    /** Sends {@code 1} on its own, as the original client's "1 to do nothing" did; both servers accept it. */
    public void confirm() throws IOException {
        send(Command.CONFIRM);
    }

    /**
     * Starts stream mode with {@code 3} alone: both servers then send every frame. (The original client also sent
     * a {@code 0} at once, which the original server read together with the {@code 3} as the unknown {@code 30}.)
     */
    public void startStream() throws IOException {
        send(Command.START_STREAM);
        streaming = true;
    }

    /** The next streamed frame; {@code null} when the server closed the connection cleanly or this client was closed. */
    public ReceivedFrame nextFrame() throws IOException {
        return read("while streaming");
    }

    /**
     * Leaves stream mode ({@code q}) and reads away the frames that were already on the wire, so the next
     * single frame is not a stale one. Bounded in time and count. Then confirms ({@code 1}): after its last
     * streamed frame the original server waits for a confirmation before it sends any single frame.
     */
    public void stopStream() throws IOException {
        if (!streaming) {
            return;
        }
        send(Command.STOP_STREAM);
        streaming = false;
        drain();
        send(Command.CONFIRM);
    }

    /**
     * Leaves without {@code 2}: stops a stream ({@code q}) and closes the connection, which ends the session on
     * both servers. For commands that only watch (snapshot, record, view): the original server's {@code 2}
     * shuts it down for every client, so a watcher that sent it would take the camera away from everyone.
     * Safe to call from any thread; a thread blocked in a read wakes up.
     */
    public void leave() {
        try {
            if (streaming && !closed) {
                send(Command.STOP_STREAM);
            }
        } catch (IOException e) {
            // The server may already be gone; closing is all that is left to do.
        } finally {
            close();
        }
    }

    /**
     * Ends the session as the original client did ({@code 2}, twice) and closes the connection. The original
     * server then stops for every client; {@code edgecam shell} sends it only when the user types {@code 2}.
     */
    public void endSession() {
        try {
            if (!closed) {
                send(Command.END_SESSION);
                send(Command.END_SESSION);
            }
        } catch (IOException e) {
            // The server may already be gone; closing is all that is left to do.
        } finally {
            close();
        }
    }

    public String describe() {
        return where;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket. Idempotent; a thread blocked in a read wakes up and sees the end of the stream. */
    @Override
    public void close() {
        closed = true;
        abort();
    }

    /** Closes the socket without marking this client closed, so the read it ends reports why (a missed deadline). */
    private void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing useful to do: the socket is gone either way.
        }
    }

    private synchronized void send(Command command) throws IOException {
        try {
            waitForCommandGap(command == Command.REQUEST_FRAME && lastCommand == Command.CONFIRM
                    ? CONFIRM_TO_REQUEST_GAP_MILLIS : COMMAND_GAP_MILLIS);
            out.write(command.wire());
            out.flush();
            lastCommandNanos = System.nanoTime();
            lastCommand = command;
        } catch (IOException e) {
            if (closed) {
                throw new IOException("the connection to " + where + " was closed", e);
            }
            throw new IOException("lost the connection to " + where + " while sending '" + (char) command.wire()
                    + "': " + e.getMessage(), e);
        }
    }

    /** Sleeps until {@code gapMillis} have passed since the last command byte. */
    private void waitForCommandGap(long gapMillis) throws InterruptedIOException {
        long waitNanos = lastCommandNanos + TimeUnit.MILLISECONDS.toNanos(gapMillis) - System.nanoTime();
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pausing between two commands to " + where);
            }
        }
    }

    private ReceivedFrame read(String when) throws IOException {
        byte[] jpeg;
        try {
            jpeg = FrameDeadline.within(options.readTimeoutMillis(), this::abort, reader::readFrame);
        } catch (SocketTimeoutException e) {
            throw Connections.readTimedOut(where, options.readTimeoutMillis(), e);
        } catch (SocketException e) {
            if (closed) {
                return null;
            }
            throw new IOException("lost the connection to " + where + " " + when + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (closed) {
                return null;
            }
            throw new IOException(where + " broke the legacy protocol " + when + ": " + e.getMessage(), e);
        }
        if (jpeg == null) {
            return null;
        }
        return ReceivedFrame.arrivedNow(++sequence, jpeg);
    }

    private void skipFramesAlreadyWaiting() throws IOException {
        for (int skipped = 0; skipped < STALE_FRAMES_SKIPPED_MAX && in.available() > 0; skipped++) {
            if (read("while skipping frames the server sent unasked") == null) {
                return;
            }
        }
    }

    /**
     * Discards raw bytes until the socket has been quiet for a while. Raw bytes, not frames: once the server
     * has stopped, the stream ends on a frame boundary, and a slow frame cannot be cut in two by a timeout.
     */
    private void drain() throws IOException {
        long deadline = System.nanoTime() + DRAIN_MAX_MILLIS * 1_000_000L;
        byte[] discard = new byte[64 * 1024];
        socket.setSoTimeout(DRAIN_QUIET_MILLIS);
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(discard) < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // Quiet for a while: the frames that were on the wire have all arrived.
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(options.readTimeoutMillis());
            }
        }
    }
}
