package dev.edgecam.wire.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads legacy frames from a blocking stream: exactly 4 length bytes, then exactly N payload bytes. A length
 * of 0 or above the maximum is refused before anything is allocated for it.
 */
public final class LegacyFrameReader {

    /** Frames up to this size (all ordinary JPEGs) are read into one array allocated at once. */
    static final int FIRST_CHUNK_BYTES = 1024 * 1024;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] header = new byte[LegacyProtocol.HEADER_BYTES];

    /** @param maxFrameBytes the largest frame accepted; larger lengths are a protocol error */
    public LegacyFrameReader(InputStream in, int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("the maximum frame size must be positive, got " + maxFrameBytes);
        }
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Reads one whole frame.
     *
     * @return the JPEG bytes, or {@code null} when the peer closed the connection cleanly between frames
     * @throws LegacyProtocolException on a bad length or a frame cut short
     */
    public byte[] readFrame() throws IOException {
        int got = readFully(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new LegacyProtocolException("connection closed inside a frame header (" + got + " of 4 bytes)");
        }
        long length = LegacyProtocol.length(header);
        if (length == 0) {
            throw new LegacyProtocolException("server sent a frame length of 0; a legacy frame always holds a JPEG");
        }
        if (length > maxFrameBytes) {
            throw new LegacyProtocolException("server announced a frame of " + length + " bytes, above the maximum of "
                    + maxFrameBytes + " (raise --max-frame-bytes if the frames really are that large)");
        }
        return readPayload((int) length);
    }

    /**
     * Reads {@code length} payload bytes. Memory grows with the bytes that really arrive, at most doubling, so a
     * peer that announces a large frame and then sends nothing costs {@link #FIRST_CHUNK_BYTES}, not the length.
     */
    private byte[] readPayload(int length) throws IOException {
        byte[] payload = new byte[Math.min(length, FIRST_CHUNK_BYTES)];
        int read = 0;
        while (true) {
            read += readFully(payload, read, payload.length - read);
            if (read == length) {
                return payload;
            }
            if (read < payload.length) {
                throw new LegacyProtocolException("connection closed inside a frame: got " + read + " of " + length + " bytes");
            }
            payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
        }
    }

    /** Reads until {@code len} bytes are in or the stream ends; returns how many were read. */
    private int readFully(byte[] buffer, int offset, int len) throws IOException {
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
