package dev.edgecam.transport.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain socket speaking HTTP/1.1 by hand, for tests that must see exact bytes: malformed requests, pipelining,
 * keep-alive, and what arrives between stream parts. Reads are bounded in size and by the socket timeout.
 */
final class HttpWire implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE_BYTES = 16 * 1024;

    /** A whole response as read from the wire; header names in lower case. */
    record Response(String statusLine, Map<String, String> headers, byte[] body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    HttpWire(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * A slow reader: a small receive window, and reads paced to {@code bytesPerSecond} (a viewer on a poor link).
     */
    HttpWire(int port, int receiveBufferBytes, long bytesPerSecond) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so the window stays small
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(new PacedInputStream(socket.getInputStream(), bytesPerSecond), 1024);
        out = socket.getOutputStream();
    }

    /** Hands out bytes no faster than a rate: each read waits until the bytes read so far are due. */
    private static final class PacedInputStream extends java.io.FilterInputStream {
        private final long bytesPerSecond;
        private final long startNanos = System.nanoTime();
        private long consumed;

        PacedInputStream(InputStream in, long bytesPerSecond) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long dueNanos = startNanos + consumed * 1_000_000_000L / bytesPerSecond;
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > 0) {
                try {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("paced read interrupted");
                }
            }
            int read = super.read(buffer, offset, Math.min(length, 1024));
            consumed += Math.max(read, 0);
            return read;
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code METHOD target} with a Host header and nothing else. */
    void request(String method, String target) throws IOException {
        send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Reads a status line and headers, then a body of {@code Content-Length} bytes (none for HEAD). */
    Response readResponse(boolean head) throws IOException {
        String statusLine = readLine();
        Map<String, String> headers = readHeaders();
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(statusLine, headers, readExactly(length));
    }

    Response readResponse() throws IOException {
        return readResponse(false);
    }

    /** Header lines up to the blank line, names in lower case. */
    Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** One CRLF-terminated line without its CRLF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (line.size() < MAX_LINE_BYTES) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
    }

    byte[] readExactly(int length) throws IOException {
        return in.readNBytes(length);
    }

    /** True when the server has closed the connection (reads end) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever was still on the way
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset: closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
