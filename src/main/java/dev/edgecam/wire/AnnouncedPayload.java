package dev.edgecam.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a payload whose length the peer announced (a legacy frame's length, an MJPEG part's
 * {@code Content-Length}) without trusting the announcement with memory: the buffer grows with the bytes that
 * really arrive, at most doubling, so a peer that announces a large payload and then sends little or drips it
 * costs about what it sent, never the announced length up front.
 */
public final class AnnouncedPayload {

    /** Payloads up to this size (all ordinary JPEGs) are read into one array allocated at once. */
    public static final int FIRST_CHUNK_BYTES = 1024 * 1024;

    private AnnouncedPayload() {
    }

    /**
     * Reads {@code length} bytes.
     *
     * @return exactly {@code length} bytes, or fewer (only those that arrived) when the stream ended first
     */
    public static byte[] read(InputStream in, int length) throws IOException {
        byte[] payload = new byte[Math.min(length, FIRST_CHUNK_BYTES)];
        int read = 0;
        while (true) {
            read += readFully(in, payload, read, payload.length - read);
            if (read == length) {
                return payload;
            }
            if (read < payload.length) {
                return Arrays.copyOf(payload, read);
            }
            payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
        }
    }

    /** Reads until {@code len} bytes are in or the stream ends; returns how many were read. */
    public static int readFully(InputStream in, byte[] buffer, int offset, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(buffer, offset + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
