package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator's parsers, in memory: exact bytes in, exact frames or a named failure out. */
@Timeout(10)
class StreamReceiverTest {

    private static final int MAX_FRAME = 1 << 20;
    private final MeasureWindow window = new MeasureWindow();
    private final CountDownLatch settled = new CountDownLatch(1);

    StreamReceiverTest() {
        window.open(System.nanoTime() - 1);
    }

    @Test
    void legacyReceiverAsksForAStreamAndCountsFramesSplitAnywhere() {
        ClientProbe probe = probe("127.0.0.1:6810");
        EmbeddedChannel channel = new EmbeddedChannel(new LegacyStreamReceiver(probe, window, MAX_FRAME));
        ByteBuf sent = channel.readOutbound();
        assertThat(sent.readByte()).isEqualTo((byte) '3');
        sent.release();

        byte[] stream = concat(legacyFrame(5), legacyFrame(300), legacyFrame(1));
        feedInPieces(channel, stream, 3);

        assertThat(probe.framesInWindow()).isEqualTo(3);
        assertThat(probe.bytesInWindow()).isEqualTo(stream.length);
        assertThat(probe.skippedInWindow()).isEqualTo(-1);
        assertThat(probe.latencies().size()).isZero();
        assertThat(probe.gotFirstFrame()).isTrue();
        assertThat(settled.getCount()).isZero();
        assertThat(probe.failure()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void legacyReceiverRefusesAZeroLength() {
        ClientProbe probe = probe("127.0.0.1:6810");
        EmbeddedChannel channel = new EmbeddedChannel(new LegacyStreamReceiver(probe, window, MAX_FRAME));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0}));
        assertThat(probe.failure()).contains("frame of 0 bytes");
        assertThat(channel.isOpen()).isFalse();
        assertThat(settled.getCount()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void mjpegReceiverReadsSequenceGapsAndCaptureTimesFromPartHeaders() {
        ClientProbe probe = probe("http://127.0.0.1:8080/stream");
        EpochClock clock = new EpochClock();
        EmbeddedChannel channel = new EmbeddedChannel(new MjpegStreamReceiver(probe, window, clock, MAX_FRAME));
        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET /stream HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
        request.release();

        long capturedMicros = clock.epochMicros(System.nanoTime()) - 5_000;
        String head = "HTTP/1.1 200 OK\r\nContent-Type: " + MjpegProtocol.STREAM_CONTENT_TYPE + "\r\nCache-Control: no-store\r\n\r\n";
        byte[] stream = concat(head.getBytes(StandardCharsets.US_ASCII),
                part(1, capturedMicros, 100), part(2, capturedMicros, 7), part(5, capturedMicros, 2000));
        feedInPieces(channel, stream, 7);

        assertThat(probe.failure()).isNull();
        assertThat(probe.framesInWindow()).isEqualTo(3);
        assertThat(probe.skippedInWindow()).isEqualTo(2);
        assertThat(probe.latencies().size()).isEqualTo(3);
        long[] latencies = new long[3];
        probe.latencies().copyTo(latencies, 0);
        assertThat(java.util.Arrays.stream(latencies).boxed().toList()).allSatisfy(micros -> assertThat(micros).isBetween(5_000L, 5_000_000L));
        channel.finishAndReleaseAll();
    }

    @Test
    void mjpegReceiverNamesANonStreamAnswer() {
        ClientProbe probe = probe("http://127.0.0.1:8080/nothing");
        EmbeddedChannel channel = new EmbeddedChannel(new MjpegStreamReceiver(probe, window, new EpochClock(), MAX_FRAME));
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 404 Not Found\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(probe.failure()).contains("HTTP/1.1 404 Not Found").contains("/nothing");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void mjpegReceiverNeedsAContentLengthInEachPart() {
        ClientProbe probe = probe("http://127.0.0.1:8080/stream");
        EmbeddedChannel channel = new EmbeddedChannel(new MjpegStreamReceiver(probe, window, new EpochClock(), MAX_FRAME));
        String text = "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=\"frame\"\r\n\r\n"
                + "--frame\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8";
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        assertThat(probe.failure()).contains("no Content-Length");
        channel.finishAndReleaseAll();
    }

    @Test
    void boundaryIsTakenFromTheContentType() {
        assertThat(MjpegStreamReceiver.boundaryOf(MjpegProtocol.STREAM_CONTENT_TYPE)).isEqualTo("--" + MjpegProtocol.BOUNDARY);
        assertThat(MjpegStreamReceiver.boundaryOf("multipart/x-mixed-replace; boundary=\"a b\"; charset=x")).isEqualTo("--a b");
        assertThat(MjpegStreamReceiver.boundaryOf("image/jpeg")).isNull();
    }

    @Test
    void framesOutsideTheWindowCountOnlyAsFirstFrame() {
        MeasureWindow notYetOpen = new MeasureWindow();
        ClientProbe probe = new ClientProbe(BenchTarget.parse("127.0.0.1:6810", null), notYetOpen, settled, System.nanoTime());
        EmbeddedChannel channel = new EmbeddedChannel(new LegacyStreamReceiver(probe, notYetOpen, MAX_FRAME));
        channel.writeInbound(Unpooled.wrappedBuffer(legacyFrame(10)));
        assertThat(probe.framesTotal()).isEqualTo(1);
        assertThat(probe.framesInWindow()).isZero();
        assertThat(probe.bytesInWindow()).isZero();
        assertThat(probe.timeToFirstFrameMillis()).isGreaterThanOrEqualTo(0);
        channel.finishAndReleaseAll();
    }

    private ClientProbe probe(String target) {
        return new ClientProbe(BenchTarget.parse(target, null), window, settled, System.nanoTime());
    }

    private static void feedInPieces(EmbeddedChannel channel, byte[] stream, int piece) {
        for (int at = 0; at < stream.length; at += piece) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(piece, stream.length - at)));
        }
    }

    private static byte[] legacyFrame(int size) {
        return concat(LegacyProtocol.header(size), new byte[size]);
    }

    private static byte[] part(long sequence, long captureMicros, int size) {
        String headers = "--" + MjpegProtocol.BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + size + "\r\n"
                + MjpegProtocol.TIMESTAMP_HEADER + ": " + MjpegProtocol.formatTimestamp(captureMicros) + "\r\n"
                + MjpegProtocol.SEQUENCE_HEADER + ": " + sequence + "\r\n\r\n";
        byte[] payload = new byte[size];
        payload[0] = '\n';
        return concat(headers.getBytes(StandardCharsets.US_ASCII), payload, "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
