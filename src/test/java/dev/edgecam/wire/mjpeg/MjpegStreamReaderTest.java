package dev.edgecam.wire.mjpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.wire.AnnouncedPayload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multipart reader in memory: exact bytes in, exact parts or exact errors out. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MjpegStreamReaderTest {

    private static final byte[] JPEG_A = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    private static final byte[] JPEG_B = {(byte) 0xFF, (byte) 0xD8, '\r', '\n', '-', '-', (byte) 0xFF, (byte) 0xD9};

    @Test
    void readsWhatTheEdgecamServerWritesPartByPart() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(MjpegProtocol.streamStart());
        body.write(MjpegProtocol.partHeader(JPEG_A.length, 1_764_000_000_123_456L, 41));
        body.write(JPEG_A);
        body.write(MjpegProtocol.partEnd());
        body.write(MjpegProtocol.partHeader(JPEG_B.length, 1_764_000_000_156_789L, 42));
        body.write(JPEG_B);
        body.write(MjpegProtocol.partEnd());
        MjpegStreamReader reader = reader(body.toByteArray(), 1024);

        MjpegPart first = reader.readPart();
        MjpegPart second = reader.readPart();

        assertThat(first.jpeg()).isEqualTo(JPEG_A);
        assertThat(first.captureEpochMicros()).isEqualTo(1_764_000_000_123_456L);
        assertThat(first.sequence()).isEqualTo(41);
        assertThat(second.jpeg()).isEqualTo(JPEG_B); // bytes that look like line ends and dashes stay in the JPEG
        assertThat(second.sequence()).isEqualTo(42);
        assertThat(reader.readPart()).isNull(); // the input ends after an opening boundary: a clean end
    }

    @Test
    void readsMjpgStreamerStyleWithoutEdgecamHeadersAndStopsAtTheClosingBoundary() throws IOException {
        String text = "\r\n--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 7\r\n\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(text.getBytes(StandardCharsets.US_ASCII));
        body.write(JPEG_A);
        body.write("\r\n--frame--\r\n".getBytes(StandardCharsets.US_ASCII));
        MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(body.toByteArray()), "frame", 1024);

        MjpegPart part = reader.readPart();

        assertThat(part.jpeg()).isEqualTo(JPEG_A);
        assertThat(part.captureEpochMicros()).isEqualTo(MjpegPart.UNKNOWN);
        assertThat(part.sequence()).isEqualTo(MjpegPart.UNKNOWN);
        assertThat(reader.readPart()).isNull();
    }

    @Test
    void refusesAContentLengthAboveTheMaximumBeforeAllocating() {
        MjpegStreamReader reader = reader(part("Content-Length: 4294967295\r\n"), 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessage("a part announced 4294967295 bytes, above the maximum of 1024 (raise --max-frame-bytes if the frames really are that large)");
    }

    @Test
    void aLargeContentLengthFollowedBySilenceCostsOnlyTheBytesThatArrived() {
        int announced = 30 * 1024 * 1024;
        byte[] announcedOnly = ("--boundarydonotcross\r\nContent-Length: " + announced + "\r\n\r\nabc")
                .getBytes(StandardCharsets.US_ASCII);
        MjpegStreamReader reader = reader(announcedOnly, 32 * 1024 * 1024);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessage("the stream ended inside a part: got 3 of " + announced + " bytes");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before)
                .as("bytes allocated for a 30 MiB announcement with 3 bytes behind it")
                .isLessThan(4L * AnnouncedPayload.FIRST_CHUNK_BYTES);
    }

    @Test
    void refusesAPartWithoutContentLength() {
        MjpegStreamReader reader = reader(part("Content-Type: image/jpeg\r\n"), 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessageContaining("a part has no Content-Length");
    }

    @Test
    void refusesAnEndlessHeaderLine() {
        MjpegStreamReader reader = reader(part("X-Junk: " + "a".repeat(MjpegStreamReader.MAX_LINE_BYTES) + "\r\n"), 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessage("a header line is longer than 8192 bytes");
    }

    @Test
    void refusesEndlessHeaders() {
        MjpegStreamReader reader = reader(part("X-A: 1\r\n".repeat(100)), 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessage("a part has more than 64 header lines");
    }

    @Test
    void refusesGarbageWithoutABoundary() {
        byte[] garbage = "no boundary here\r\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        MjpegStreamReader reader = reader(garbage, 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessageContaining("no boundary '--boundarydonotcross' within 65536 bytes");
    }

    @Test
    void reportsAPartCutShort() {
        byte[] cut = ("--boundarydonotcross\r\nContent-Length: 100\r\n\r\nonly this").getBytes(StandardCharsets.US_ASCII);
        MjpegStreamReader reader = reader(cut, 1024);
        assertThatThrownBy(reader::readPart).isInstanceOf(MjpegProtocolException.class)
                .hasMessage("the stream ended inside a part: got 9 of 100 bytes");
    }

    @Test
    void findsTheBoundaryInAContentType() {
        assertThat(MjpegStreamReader.boundaryOf(MjpegProtocol.STREAM_CONTENT_TYPE)).isEqualTo("boundarydonotcross");
        assertThat(MjpegStreamReader.boundaryOf("multipart/x-mixed-replace; boundary=\"frame\"")).isEqualTo("frame");
        assertThat(MjpegStreamReader.boundaryOf("image/jpeg")).isNull();
        assertThat(MjpegStreamReader.boundaryOf("multipart/x-mixed-replace")).isNull();
    }

    private static byte[] part(String headers) {
        return ("--boundarydonotcross\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static MjpegStreamReader reader(byte[] body, int max) {
        return new MjpegStreamReader(new ByteArrayInputStream(body), MjpegProtocol.BOUNDARY, max);
    }
}
