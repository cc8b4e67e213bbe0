package dev.edgecam.wire.mjpeg;

import dev.edgecam.wire.AnnouncedPayload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the parts of a {@code multipart/x-mixed-replace} body from a blocking stream, as edgecam,
 * mjpg-streamer and µStreamer send it (see {@link MjpegProtocol}). Everything is bounded before it is
 * allocated: a header line, the number of header lines, the bytes skipped before a boundary, and the
 * {@code Content-Length} of a part, whose memory then grows with the bytes that arrive ({@link AnnouncedPayload}).
 * A part must say its {@code Content-Length}.
 */
public final class MjpegStreamReader {

    /** The longest header or boundary line accepted. */
    public static final int MAX_LINE_BYTES = 8 * 1024;
    /** Header lines one part may have. */
    public static final int MAX_HEADER_LINES = 64;
    /** Bytes that may stand between the end of one part and the next boundary (blank lines, a preamble). */
    public static final int MAX_SKIPPED_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] dashBoundary;
    private final int maxPartBytes;
    private final byte[] line = new byte[MAX_LINE_BYTES];

    /**
     * @param boundary the boundary from the response's Content-Type (without the leading dashes)
     * @param maxPartBytes the largest part accepted; a larger Content-Length is refused before allocating
     */
    public MjpegStreamReader(InputStream in, String boundary, int maxPartBytes) {
        if (maxPartBytes <= 0) {
            throw new IllegalArgumentException("the maximum part size must be positive, got " + maxPartBytes);
        }
        String bare = boundary.startsWith("--") ? boundary.substring(2) : boundary;
        this.in = in;
        this.dashBoundary = ("--" + bare).getBytes(StandardCharsets.US_ASCII);
        this.maxPartBytes = maxPartBytes;
    }

    /**
     * The boundary named in a {@code Content-Type} value such as
     * {@code multipart/x-mixed-replace;boundary=boundarydonotcross}, or {@code null} when it is not a
     * multipart type with a boundary.
     */
    public static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 200 ? null : value;
            }
        }
        return null;
    }

    /**
     * Reads the next part.
     *
     * @return the part, or {@code null} when the stream ended cleanly (closing boundary, or end of input between parts)
     * @throws MjpegProtocolException when the stream breaks the format or a bound
     */
    public MjpegPart readPart() throws IOException {
        if (!skipToBoundary()) {
            return null;
        }
        int length = -1;
        long timestamp = MjpegPart.UNKNOWN;
        long sequence = MjpegPart.UNKNOWN;
        for (int lines = 0; ; lines++) {
            if (lines >= MAX_HEADER_LINES) {
                throw new MjpegProtocolException("a part has more than " + MAX_HEADER_LINES + " header lines");
            }
            int n = readLine();
            if (n < 0 && lines == 0) {
                return null; // edgecam opens the next part right after each JPEG: ending there is a clean end
            }
            if (n < 0) {
                throw new MjpegProtocolException("the stream ended inside a part's headers");
            }
            if (n == 0) {
                break;
            }
            String header = new String(line, 0, n, StandardCharsets.ISO_8859_1);
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue; // not a header; tolerated, as browsers do
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            try {
                switch (name) {
                    case "content-length" -> length = contentLength(value);
                    case "x-timestamp" -> timestamp = MjpegProtocol.parseTimestamp(value);
                    case "x-sequence" -> sequence = Long.parseLong(value);
                    default -> { }
                }
            } catch (NumberFormatException e) {
                if (name.equals("content-length")) {
                    throw new MjpegProtocolException("a part's Content-Length is not a number: '" + value + "'");
                }
                // A malformed timestamp or sequence only loses that information.
            }
        }
        if (length < 0) {
            throw new MjpegProtocolException("a part has no Content-Length; edgecam reads only streams whose parts say their size");
        }
        byte[] jpeg = AnnouncedPayload.read(in, length);
        if (jpeg.length < length) {
            throw new MjpegProtocolException("the stream ended inside a part: got " + jpeg.length + " of " + length + " bytes");
        }
        return new MjpegPart(jpeg, timestamp, sequence);
    }

    private int contentLength(String value) throws MjpegProtocolException {
        long length = Long.parseLong(value);
        if (length <= 0) {
            throw new MjpegProtocolException("a part announced a Content-Length of " + length + "; a JPEG has bytes");
        }
        if (length > maxPartBytes) {
            throw new MjpegProtocolException("a part announced " + length + " bytes, above the maximum of " + maxPartBytes
                    + " (raise --max-frame-bytes if the frames really are that large)");
        }
        return (int) length;
    }

    /** Skips lines up to the next boundary line; false at a clean end (closing boundary, or end of input). */
    private boolean skipToBoundary() throws IOException {
        int skipped = 0;
        while (true) {
            int n = readLine();
            if (n < 0) {
                return false;
            }
            if (startsWithBoundary(n)) {
                return !(n >= dashBoundary.length + 2 && line[dashBoundary.length] == '-' && line[dashBoundary.length + 1] == '-');
            }
            skipped += n + 2;
            if (skipped > MAX_SKIPPED_BYTES) {
                throw new MjpegProtocolException("no boundary '" + new String(dashBoundary, StandardCharsets.US_ASCII)
                        + "' within " + MAX_SKIPPED_BYTES + " bytes: not the MJPEG stream that was announced");
            }
        }
    }

    private boolean startsWithBoundary(int n) {
        if (n < dashBoundary.length) {
            return false;
        }
        for (int i = 0; i < dashBoundary.length; i++) {
            if (line[i] != dashBoundary[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads one line into {@link #line} without its CRLF (or bare LF).
     *
     * @return its length, or -1 at the end of input before any byte
     */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return -1;
                }
                throw new MjpegProtocolException("the stream ended inside a header line");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) {
                throw new MjpegProtocolException("a header line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line[n++] = (byte) b;
        }
    }
}
