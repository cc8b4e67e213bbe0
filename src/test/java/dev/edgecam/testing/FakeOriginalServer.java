package dev.edgecam.testing;

import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the original Python edge server, with the quirks DESIGN.md lists, so the client is tested
 * against what existing devices really do:
 * <ul>
 *   <li>state is shared by all clients (one "camera", one stream flag, one confirmation flag);</li>
 *   <li>after a single frame it sends no further single frame until it receives {@code 1};</li>
 *   <li>after {@code 3} it streams frames continuously (about 30 a second) until {@code q};</li>
 *   <li>there is no end-of-stream marker, and a client that disconnects leaves stream mode on for the next;</li>
 *   <li>{@code 2} shuts the whole server down;</li>
 *   <li>an unknown command is answered with the unframed text "Unknown command".</li>
 * </ul>
 * Frames are real JPEGs, numbered so a test can tell them apart. It reads commands byte by byte, so unlike the
 * original (which reads each {@code recv()} as one command) it never sees two bytes as one: tests that must prove
 * compatibility use the real thing, {@link OriginalServer}; this stand-in serves pictures a test knows.
 */
public final class FakeOriginalServer implements AutoCloseable {

    static final long FRAME_INTERVAL_MILLIS = 33;
    /** Commands remembered for assertions, at most. */
    static final int MAX_RECORDED_COMMANDS = 100_000;

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream commands = new ByteArrayOutputStream();
    private final byte[][] pictures = new byte[8][];
    // The original's global state, shared by every client.
    private volatile boolean streaming;
    private volatile boolean awaitingConfirmation;
    private volatile int framesSent;

    private FakeOriginalServer(boolean streamingFromTheStart) throws IOException {
        for (int i = 0; i < pictures.length; i++) {
            pictures[i] = TestJpegs.quadrants(160, 120, i);
        }
        streaming = streamingFromTheStart;
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake original server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The server as it starts. */
    public static FakeOriginalServer start() throws IOException {
        return new FakeOriginalServer(false);
    }

    /** The server after a streaming client disconnected: the next client inherits stream mode. */
    public static FakeOriginalServer startStuckInStreamMode() throws IOException {
        return new FakeOriginalServer(true);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every command byte received so far, from all clients, in order. */
    public String commands() {
        synchronized (commands) {
            return commands.toString(StandardCharsets.US_ASCII);
        }
    }

    public int framesSent() {
        return framesSent;
    }

    /** True when a {@code 2} shut the server down, as the original does. */
    public boolean isShutDown() {
        return listener.isClosed();
    }

    /** The JPEG a frame number carries (frames cycle through a few pictures). */
    public byte[] picture(int frameNumber) {
        return pictures[frameNumber % pictures.length];
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                clients.add(client);
                Thread session = new Thread(() -> serve(client), "fake original session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Thread streamer = new Thread(() -> streamWhileOn(out), "fake original stream");
            streamer.setDaemon(true);
            streamer.start();
            for (int b; (b = in.read()) >= 0; ) {
                record(b);
                switch (b) {
                    case '0' -> {
                        if (!streaming && !awaitingConfirmation) {
                            awaitingConfirmation = true;
                            send(out);
                        }
                    }
                    case '1' -> awaitingConfirmation = false;
                    case '3' -> streaming = true;
                    case 'q' -> streaming = false;
                    case '2' -> {
                        close();
                        return;
                    }
                    default -> {
                        synchronized (out) {
                            out.write("Unknown command".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The client went away; like the original, the shared state stays as it was.
        }
    }

    private void streamWhileOn(OutputStream out) {
        try {
            while (!listener.isClosed()) {
                if (streaming) {
                    send(out);
                }
                Thread.sleep(FRAME_INTERVAL_MILLIS);
            }
        } catch (IOException | InterruptedException e) {
            // The connection is gone.
        }
    }

    private void send(OutputStream out) throws IOException {
        byte[] jpeg = picture(framesSent);
        synchronized (out) {
            out.write(LegacyProtocol.header(jpeg.length));
            out.write(jpeg);
            out.flush();
        }
        framesSent++;
    }

    private void record(int b) {
        synchronized (commands) {
            if (commands.size() < MAX_RECORDED_COMMANDS) {
                commands.write(b);
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
