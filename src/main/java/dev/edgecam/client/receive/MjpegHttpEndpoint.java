package dev.edgecam.client.receive;

import dev.edgecam.wire.mjpeg.MjpegPart;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import dev.edgecam.wire.mjpeg.MjpegStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * A server that serves MJPEG over HTTP: edgecam's {@code /stream} (with {@code X-Timestamp} capture times,
 * which then time the recording), or any mjpg-streamer, µStreamer or go2rtc URL. A snapshot is the first part
 * of the stream, or the body of a URL that answers with a single JPEG.
 */
public final class MjpegHttpEndpoint implements FrameEndpoint {

    private final ServerAddress address;
    private final ClientOptions options;

    public MjpegHttpEndpoint(ServerAddress address, ClientOptions options) {
        if (!address.isHttp()) {
            throw new IllegalArgumentException("not an http:// or https:// address: " + address);
        }
        this.address = address;
        this.options = options;
    }

    @Override
    public ReceivedFrame snapshot() throws IOException {
        HttpURLConnection connection = open();
        boolean abandoned = false;
        try {
            String type = connection.getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith(MjpegProtocol.JPEG_CONTENT_TYPE)) {
                AbortableInputStream body = new AbortableInputStream(connection.getInputStream());
                try {
                    return ReceivedFrame.arrivedNow(1, FrameDeadline.within(options.readTimeoutMillis(),
                            () -> abort(connection, body), () -> readSingleJpeg(connection, body)));
                } catch (SocketTimeoutException e) {
                    // Closing a keep-alive response cut short waits while HttpURLConnection drains its rest from the
                    // slow server: leave that to a thread of its own.
                    abandoned = true;
                    FrameDeadline.inBackground(() -> abort(connection, body));
                    throw Connections.readTimedOut(address.toString(), options.readTimeoutMillis(), e);
                }
            }
            ReceivedFrame frame = new Stream(connection).next();
            if (frame == null) {
                throw new IOException(address + " ended the stream before the first picture");
            }
            return frame;
        } finally {
            if (!abandoned) {
                connection.disconnect();
            }
        }
    }

    @Override
    public FrameReceiver openStream() throws IOException {
        HttpURLConnection connection = open();
        try {
            return new Stream(connection);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    @Override
    public String describe() {
        return address.toString();
    }

    private HttpURLConnection open() throws IOException {
        return HttpGet.open(address, address.path(), options, "a stream", "edgecam serves its stream at /stream");
    }

    /**
     * Ends a read blocked on {@code connection}: closing it ends most reads, and the aborted body stream ends the
     * rest (see {@link AbortableInputStream}) at the next byte or read timeout.
     */
    private static void abort(HttpURLConnection connection, AbortableInputStream body) {
        body.abort();
        connection.disconnect();
    }

    private MjpegStreamReader reader(InputStream body, String contentType) throws IOException {
        String boundary = MjpegStreamReader.boundaryOf(contentType);
        if (boundary == null) {
            throw new IOException(address + " sent " + contentType
                    + ", not an MJPEG stream (multipart/x-mixed-replace with a boundary)");
        }
        return new MjpegStreamReader(new BufferedInputStream(body, 64 * 1024), boundary,
                options.maxFrameBytes());
    }

    private byte[] readSingleJpeg(HttpURLConnection connection, InputStream in) throws IOException {
        long declared = connection.getContentLengthLong();
        if (declared > options.maxFrameBytes()) {
            throw new IOException(address + " announced a picture of " + declared + " bytes, above the maximum of "
                    + options.maxFrameBytes() + " (raise --max-frame-bytes)");
        }
        byte[] body = in.readNBytes(options.maxFrameBytes() + 1);
        if (body.length > options.maxFrameBytes()) {
            throw new IOException(address + " sent a picture above the maximum of " + options.maxFrameBytes() + " bytes");
        }
        if (body.length == 0) {
            throw new IOException(address + " sent an empty picture");
        }
        return body;
    }

    /** One HTTP stream response, read part by part. */
    private final class Stream implements FrameReceiver {
        private final HttpURLConnection connection;
        private final AbortableInputStream body;
        private final MjpegStreamReader reader;
        private long counted;
        private volatile boolean closed;

        Stream(HttpURLConnection connection) throws IOException {
            this.connection = connection;
            this.body = new AbortableInputStream(connection.getInputStream());
            this.reader = reader(body, connection.getContentType());
        }

        @Override
        public ReceivedFrame next() throws IOException {
            MjpegPart part;
            try {
                part = FrameDeadline.within(options.readTimeoutMillis(), () -> abort(connection, body), reader::readPart);
            } catch (SocketTimeoutException e) {
                throw Connections.readTimedOut(address.toString(), options.readTimeoutMillis(), e);
            } catch (IOException e) {
                if (closed) {
                    return null;
                }
                throw new IOException("stream from " + address + " failed: " + e.getMessage(), e);
            }
            if (part == null) {
                return null;
            }
            counted++;
            return new ReceivedFrame(part.sequence() == MjpegPart.UNKNOWN ? counted : part.sequence(), System.nanoTime(),
                    ReceivedFrame.currentEpochMicros(),
                    part.captureEpochMicros() == MjpegPart.UNKNOWN ? ReceivedFrame.UNKNOWN : part.captureEpochMicros(),
                    part.jpeg());
        }

        @Override
        public String describe() {
            return address.toString();
        }

        @Override
        public void close() {
            closed = true;
            connection.disconnect();
        }
    }
}
