package dev.edgecam.testing;

import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A legacy protocol client over a real socket, for tests: sends command bytes and reads frames with the
 * project's own {@link LegacyFrameReader}, so every byte received must parse as length + payload.
 */
public final class LegacyTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final LegacyFrameReader reader;

    private LegacyTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.reader = new LegacyFrameReader(in, LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    public static LegacyTestClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBufferBytes a small kernel receive buffer makes a client that stops reading stall soon; 0 keeps the default */
    public static LegacyTestClient connect(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new LegacyTestClient(socket);
    }

    /** The client's own address as the server's client list shows it ({@code 127.0.0.1:PORT}). */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Sends the bytes of {@code commands} as one write, so "30" goes out coalesced. */
    public void send(String commands) throws IOException {
        send(commands.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole frame, failing if none starts within {@code timeout} or the server closes. */
    public byte[] readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] frame = reader.readFrame();
        if (frame == null) {
            throw new AssertionError("the server closed the connection instead of sending a frame");
        }
        return frame;
    }

    /** Reads frames until none arrives for {@code quiet}; at most {@code max} frames. */
    public List<byte[]> drain(Duration quiet, int max) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            while (frames.size() < max) {
                in.mark(1);
                if (in.read() < 0) {
                    break;
                }
                in.reset();
                frames.add(readFrame(Duration.ofSeconds(5)));
                socket.setSoTimeout((int) quiet.toMillis());
            }
        } catch (SocketTimeoutException quietEnough) {
            // Nothing more within the quiet period.
        }
        return frames;
    }

    /** Fails if any byte arrives (or the connection closes) within {@code wait}. */
    public void assertNothingArrives(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException expected) {
            return;
        }
        throw new AssertionError(b < 0 ? "the server closed the connection" : "an unexpected byte arrived: " + b);
    }

    /** Half-closes: sends FIN after what was sent, as {@code printf 0 | nc -N host 6810} does, and keeps reading. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Fails unless the server closes the connection within {@code wait} without sending another byte. */
    public void assertClosedByServer(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int b = in.read();
        if (b >= 0) {
            throw new AssertionError("expected the end of the connection, got byte " + b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
