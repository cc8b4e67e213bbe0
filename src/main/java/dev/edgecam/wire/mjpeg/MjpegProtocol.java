package dev.edgecam.wire.mjpeg;

import java.nio.charset.StandardCharsets;

/**
 * MJPEG over HTTP, as mjpg-streamer and µStreamer serve it, so that every tool that reads those reads edgecam.
 *
 * <pre>
 * HTTP/1.1 200 OK
 * Content-Type: multipart/x-mixed-replace;boundary=boundarydonotcross
 *
 * --boundarydonotcross\r\n
 * Content-Type: image/jpeg\r\n
 * Content-Length: N\r\n
 * X-Timestamp: 1764000000.123456\r\n       capture time, epoch seconds with microseconds
 * X-Sequence: 42\r\n                       the frame's sequence number
 * \r\n
 * N bytes of JPEG\r\n
 * --boundarydonotcross\r\n ...             the next part
 * </pre>
 *
 * <p>The server writes the boundary line that opens the next part right after each JPEG ({@link #partEnd()}),
 * not just before the next frame: Chromium shows a part only once the next boundary arrives (Chromium bug
 * 527446), so a browser would otherwise always be one frame behind.
 *
 * <p>Server and client share these definitions.
 */
public final class MjpegProtocol {

    public static final int DEFAULT_PORT = 8080;
    public static final String BOUNDARY = "boundarydonotcross";
    public static final String STREAM_CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;
    public static final String JPEG_CONTENT_TYPE = "image/jpeg";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    public static final String SEQUENCE_HEADER = "X-Sequence";

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DASH_BOUNDARY_LINE = ascii("--" + BOUNDARY + "\r\n");

    private MjpegProtocol() {
    }

    /** The first bytes of a stream body, right after the response headers: the boundary of the first part. */
    public static byte[] streamStart() {
        return DASH_BOUNDARY_LINE.clone();
    }

    /**
     * The headers of one part, up to and including the blank line that precedes the JPEG bytes.
     *
     * @param jpegLength the number of JPEG bytes that follow
     * @param captureEpochMicros the frame's capture time, written as {@code X-Timestamp}
     * @param sequence the frame's sequence number, written as {@code X-Sequence}
     */
    public static byte[] partHeader(int jpegLength, long captureEpochMicros, long sequence) {
        return ascii("Content-Type: " + JPEG_CONTENT_TYPE + "\r\n"
                + "Content-Length: " + jpegLength + "\r\n"
                + TIMESTAMP_HEADER + ": " + formatTimestamp(captureEpochMicros) + "\r\n"
                + SEQUENCE_HEADER + ": " + sequence + "\r\n"
                + "\r\n");
    }

    /** What follows each JPEG: the line end, then the boundary that opens the next part (see the class notes). */
    public static byte[] partEnd() {
        byte[] end = new byte[CRLF.length + DASH_BOUNDARY_LINE.length];
        System.arraycopy(CRLF, 0, end, 0, CRLF.length);
        System.arraycopy(DASH_BOUNDARY_LINE, 0, end, CRLF.length, DASH_BOUNDARY_LINE.length);
        return end;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Formats a capture time as {@code X-Timestamp} does: epoch seconds with six decimals.
     *
     * <p>By hand rather than with {@code String.format}, which parses its pattern and allocates a formatter on
     * every call: the profile of 50 streams showed it as a twentieth of the serving threads' time.
     */
    public static String formatTimestamp(long epochMicros) {
        String micros = Long.toString(Math.floorMod(epochMicros, 1_000_000L));
        return Math.floorDiv(epochMicros, 1_000_000L) + "." + "000000".substring(micros.length()) + micros;
    }

    /** Parses an {@code X-Timestamp} value into epoch microseconds; throws on anything else. */
    public static long parseTimestamp(String value) {
        String text = value.trim();
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(text) * 1_000_000L;
        }
        String fraction = (text.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(text.substring(0, dot)) * 1_000_000L + Long.parseLong(fraction);
    }
}
