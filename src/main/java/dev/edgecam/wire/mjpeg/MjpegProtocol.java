package dev.edgecam.wire.mjpeg;

import java.util.Locale;

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
 * Server and client share these definitions.
 */
public final class MjpegProtocol {

    public static final int DEFAULT_PORT = 8080;
    public static final String BOUNDARY = "boundarydonotcross";
    public static final String STREAM_CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;
    public static final String JPEG_CONTENT_TYPE = "image/jpeg";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    public static final String SEQUENCE_HEADER = "X-Sequence";

    private MjpegProtocol() {
    }

    /** Formats a capture time as {@code X-Timestamp} does: epoch seconds with six decimals. */
    public static String formatTimestamp(long epochMicros) {
        return String.format(Locale.ROOT, "%d.%06d", Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L));
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
