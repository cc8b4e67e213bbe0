package dev.edgecam.bench;

import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Watches an MJPEG-over-HTTP stream ({@code multipart/x-mixed-replace}): sends one GET, then reads only the
 * response's and each part's header lines and skips each JPEG by its {@code Content-Length}. The part's
 * {@code X-Sequence} gives skipped frames, its {@code X-Timestamp} the capture-to-receive latency.
 */
final class MjpegStreamReceiver extends StreamReceiver {

    /** The longest header line accepted: real ones are under 100 bytes. */
    static final int MAX_LINE_BYTES = 8192;
    /** The most header lines in one response or part, so a bad server cannot keep the parser in headers. */
    static final int MAX_HEADER_LINES = 100;

    private enum State { STATUS, RESPONSE_HEADERS, BOUNDARY, PART_HEADERS, PAYLOAD, DONE }

    private final EpochClock clock;
    private final int maxFrameBytes;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private int headerLines;
    private State state = State.STATUS;
    private String boundaryLine;
    private long contentLength;
    private long sequence;
    private long captureMicros;
    private long payloadLeft;

    MjpegStreamReceiver(ClientProbe probe, MeasureWindow window, EpochClock clock, int maxFrameBytes) {
        super(probe, window);
        this.clock = clock;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected ByteBuf request(ChannelHandlerContext ctx) {
        BenchTarget target = probe.target;
        String request = "GET " + target.path() + " HTTP/1.1\r\n"
                + "Host: " + target.hostForUrl() + ":" + target.port() + "\r\n"
                + "User-Agent: edgecam-bench\r\n"
                + "Accept: " + MjpegProtocol.STREAM_CONTENT_TYPE.split(";")[0] + "\r\n\r\n";
        return Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    protected void parse(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) throws BenchProtocolException {
        while (in.isReadable() && state != State.DONE) {
            if (state == State.PAYLOAD) {
                int skip = (int) Math.min(payloadLeft, in.readableBytes());
                in.skipBytes(skip);
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    long latency = captureMicros < 0 ? -1 : Math.max(0, clock.epochMicros(nowNanos) - captureMicros);
                    probe.frameReceived(nowNanos, sequence, latency);
                    state = State.BOUNDARY;
                    headerLines = 0;
                }
            } else if (readLine(in)) {
                onLine(new String(line, 0, lineLength, StandardCharsets.ISO_8859_1));
                lineLength = 0;
            }
        }
        if (state == State.DONE) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Moves bytes up to and including the next LF into {@link #line}; true when a whole line is there. */
    private boolean readLine(ByteBuf in) throws BenchProtocolException {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                if (++headerLines > MAX_HEADER_LINES) {
                    throw new BenchProtocolException("more than " + MAX_HEADER_LINES + " header lines in a row in "
                            + where() + "; is this an MJPEG stream?");
                }
                return true;
            }
            if (lineLength == MAX_LINE_BYTES) {
                throw new BenchProtocolException("a header line over " + MAX_LINE_BYTES + " bytes in " + where()
                        + "; is this an MJPEG stream?");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine(String text) throws BenchProtocolException {
        switch (state) {
            case STATUS -> {
                String[] parts = text.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("200")) {
                    throw new BenchProtocolException("the server answered '" + text + "' to GET "
                            + probe.target.path() + " (expected HTTP/1.1 200 with an MJPEG stream)");
                }
                state = State.RESPONSE_HEADERS;
            }
            case RESPONSE_HEADERS -> {
                if (text.isEmpty()) {
                    if (boundaryLine == null) {
                        throw new BenchProtocolException("the response to GET " + probe.target.path()
                                + " is not multipart/x-mixed-replace with a boundary; is this an MJPEG stream URL?");
                    }
                    state = State.BOUNDARY;
                    headerLines = 0;
                    return;
                }
                String value = headerValue(text, "content-type");
                if (value != null) {
                    boundaryLine = boundaryOf(value);
                }
                value = headerValue(text, "transfer-encoding");
                if (value != null && !value.trim().equalsIgnoreCase("identity")) {
                    throw new BenchProtocolException("the stream uses Transfer-Encoding " + value.trim()
                            + ", which this benchmark does not parse");
                }
            }
            case BOUNDARY -> {
                if (text.isEmpty()) {
                    return;
                }
                // RFC 2046 puts "--" before the boundary; some cameras declare the boundary with the dashes already.
                String bare = boundaryLine.substring(2);
                if (text.equals(boundaryLine + "--") || (bare.startsWith("--") && text.equals(bare + "--"))) {
                    state = State.DONE;
                    return;
                }
                if (!text.equals(boundaryLine) && !(bare.startsWith("--") && text.equals(bare))) {
                    throw new BenchProtocolException("expected the boundary line '" + boundaryLine + "' between parts, got '"
                            + shorten(text) + "'");
                }
                contentLength = -1;
                sequence = -1;
                captureMicros = -1;
                state = State.PART_HEADERS;
            }
            case PART_HEADERS -> {
                if (text.isEmpty()) {
                    if (contentLength <= 0 || contentLength > maxFrameBytes) {
                        throw new BenchProtocolException(contentLength < 0
                                ? "a part has no Content-Length; this benchmark needs it to skip the JPEG without decoding"
                                : "a part announces " + contentLength + " bytes; expected 1 to " + maxFrameBytes);
                    }
                    payloadLeft = contentLength;
                    state = State.PAYLOAD;
                    return;
                }
                partHeader(text);
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }

    private void partHeader(String text) throws BenchProtocolException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new BenchProtocolException("a part header without a colon: '" + shorten(text) + "'");
        }
        String name = text.substring(0, colon).trim();
        String value = text.substring(colon + 1).trim();
        try {
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase(MjpegProtocol.SEQUENCE_HEADER)) {
                sequence = Long.parseLong(value);
            } else if (name.equalsIgnoreCase(MjpegProtocol.TIMESTAMP_HEADER)) {
                captureMicros = MjpegProtocol.parseTimestamp(value);
            }
        } catch (NumberFormatException e) {
            throw new BenchProtocolException("part header '" + shorten(text) + "' has no valid number");
        }
    }

    private static String headerValue(String line, String lowerName) {
        int colon = line.indexOf(':');
        if (colon <= 0 || !line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerName)) {
            return null;
        }
        return line.substring(colon + 1);
    }

    /** The boundary line ("--" + boundary) from a Content-Type value, or null if it is no multipart type. */
    static String boundaryOf(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("boundary=");
        if (!lower.trim().startsWith("multipart/") || at < 0) {
            return null;
        }
        String boundary = contentType.substring(at + "boundary=".length()).trim();
        int end = boundary.indexOf(';');
        if (end >= 0) {
            boundary = boundary.substring(0, end).trim();
        }
        if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            boundary = boundary.substring(1, boundary.length() - 1);
        }
        if (boundary.isEmpty()) {
            return null;
        }
        return "--" + boundary;
    }

    private String where() {
        return state == State.STATUS || state == State.RESPONSE_HEADERS ? "the HTTP response" : "a multipart part";
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
