package dev.edgecam.testing;

import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A legacy-protocol peer on a real socket, from a chosen loopback address (127.0.0.2 and up stand for
 * other hosts), for tests of who may connect. Closing it closes the socket.
 */
public final class LegacyPeer implements AutoCloseable {

    private final Socket socket;
    private final LegacyFrameReader reader;

    private LegacyPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new LegacyFrameReader(socket.getInputStream(), LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Connects from {@code fromAddress} to {@code host:port}, with {@code readTimeoutMillis} on every read. */
    public static LegacyPeer connect(String fromAddress, String host, int port, int readTimeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(readTimeoutMillis);
            return new LegacyPeer(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public void send(Command... commands) throws IOException {
        byte[] bytes = new byte[commands.length];
        for (int i = 0; i < commands.length; i++) {
            bytes[i] = commands[i].wire();
        }
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** One frame, or null when the server closed the connection. */
    public byte[] readFrame() throws IOException {
        return reader.readFrame();
    }

    /** Asks for one frame and returns it; null when the server closed the connection instead. */
    public byte[] requestFrame() throws IOException {
        send(Command.REQUEST_FRAME);
        byte[] frame = readFrame();
        if (frame != null) {
            send(Command.CONFIRM);
        }
        return frame;
    }

    /**
     * True when the server has closed the connection (end of stream or reset) within the read timeout,
     * having sent nothing; false when the connection is still open at the timeout.
     */
    public boolean closedByServer() throws IOException {
        try {
            int b = socket.getInputStream().read();
            if (b >= 0) {
                throw new AssertionError("the server sent data (" + b + ") instead of closing");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
