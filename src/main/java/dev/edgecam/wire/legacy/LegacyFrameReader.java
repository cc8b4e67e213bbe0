package dev.edgecam.wire.legacy;

import dev.edgecam.wire.AnnouncedPayload;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads legacy frames from a blocking stream: exactly 4 length bytes, then exactly N payload bytes. A length
 * of 0 or above the maximum is refused before anything is allocated for it, and the payload's memory grows
 * with the bytes that arrive ({@link AnnouncedPayload}).
 */
public final class LegacyFrameReader {

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
        int got = AnnouncedPayload.readFully(in, header, 0, header.length);
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

    /** The payload, read as it arrives (see {@link AnnouncedPayload}). */
    private byte[] readPayload(int length) throws IOException {
        byte[] payload = AnnouncedPayload.read(in, length);
        if (payload.length < length) {
            throw new LegacyProtocolException("connection closed inside a frame: got " + payload.length + " of " + length + " bytes");
        }
        return payload;
    }
}
