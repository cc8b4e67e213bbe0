package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads an edgecam MJPEG stream byte by byte and checks its framing as it goes: the response head, the first
 * boundary, and for every part its headers, exactly Content-Length bytes of JPEG, then the next boundary.
 */
final class MjpegTestClient implements AutoCloseable {

    private static final byte[] PART_END = ("\r\n--" + MjpegProtocol.BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /**
     * One part.
     *
     * @param boundaryReceivedMicros wall-clock time when the boundary after this part's JPEG had arrived
     */
    record Part(Map<String, String> headers, byte[] jpeg, long sequence, long captureMicros, long boundaryReceivedMicros) {
    }

    final HttpWire wire;
    final HttpWire.Response head;

    MjpegTestClient(int port, String target) throws IOException {
        this(new HttpWire(port), target);
    }

    /** Reads the stream through {@code wire} (a throttled one, say). */
    MjpegTestClient(HttpWire wire, String target) throws IOException {
        this.wire = wire;
        wire.request("GET", target);
        String statusLine = wire.readLine();
        Map<String, String> headers = wire.readHeaders();
        head = new HttpWire.Response(statusLine, headers, new byte[0]);
        assertThat(head.status()).as("status of GET %s", target).isEqualTo(200);
        assertThat(headers.get("content-type")).isEqualTo(MjpegProtocol.STREAM_CONTENT_TYPE);
        assertThat(wire.readLine()).isEqualTo("--" + MjpegProtocol.BOUNDARY);
    }

    Part next() throws IOException {
        Map<String, String> headers = wire.readHeaders();
        assertThat(headers.get("content-type")).isEqualTo(MjpegProtocol.JPEG_CONTENT_TYPE);
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] jpeg = wire.readExactly(length);
        assertThat(jpeg).hasSize(length);
        assertThat(wire.readExactly(PART_END.length)).as("the boundary right after the JPEG").isEqualTo(PART_END);
        long boundaryReceived = nowMicros();
        return new Part(headers, jpeg, Long.parseLong(headers.get("x-sequence")),
                MjpegProtocol.parseTimestamp(headers.get("x-timestamp")), boundaryReceived);
    }

    /** This client as the server's registry names it. */
    String address() {
        return "127.0.0.1:" + wire.socket.getLocalPort();
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
