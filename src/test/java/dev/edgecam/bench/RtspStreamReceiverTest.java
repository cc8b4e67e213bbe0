package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bench's RTSP viewer over TCP interleaved, in memory: the requests it sends, and what it counts of split input. */
@Timeout(10)
class RtspStreamReceiverTest {

    private static final String URL = "rtsp://127.0.0.1:8554/cam1";
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=cam1\r\nt=0 0\r\na=control:*\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";
    private final MeasureWindow window = new MeasureWindow();
    private final ClientProbe probe = new ClientProbe(BenchTarget.parse(URL, null, false), window, new CountDownLatch(1),
            System.nanoTime());

    @Test
    void walksThroughSetupAndCountsInterleavedFramesSplitAnywhere() {
        window.open(System.nanoTime() - 1);
        EmbeddedChannel channel = new EmbeddedChannel(new RtspStreamReceiver(probe, window, new EpochClock(), null));
        assertThat(nextRequest(channel)).startsWith("OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 1\r\n");

        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, PLAY\r\n\r\n"));
        assertThat(nextRequest(channel)).startsWith("DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\n").contains("Accept: application/sdp");

        byte[] describe = ("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: " + URL + "/\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.US_ASCII);
        feedInPieces(channel, describe, 7);
        assertThat(nextRequest(channel)).startsWith("SETUP " + URL + "/trackID=0 RTSP/1.0\r\nCSeq: 3\r\n")
                .contains("Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");

        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 4711;timeout=60\r\n"
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"));
        assertThat(nextRequest(channel)).startsWith("PLAY " + URL + " RTSP/1.0\r\nCSeq: 4\r\n").contains("Session: 4711\r\n");

        // The PLAY answer, then frames (an IDR in two FU-A packets, a lost packet, a P frame), with an RTSP answer
        // between them (as to a keep-alive) and an RTCP receiver report, all in one stream cut into 5-byte pieces.
        byte[] stream = concat(ascii("RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 4711\r\n\r\n"),
                interleaved(0, rtp(10, false, 3000, new byte[] {0x7c, (byte) 0x85, 1, 2})),
                interleaved(0, rtp(11, true, 3000, new byte[] {0x7c, 0x45, 3})),
                ascii("RTSP/1.0 200 OK\r\nCSeq: 5\r\n\r\n"),
                interleaved(0, rtp(13, true, 6000, new byte[] {0x41, 9, 9})),
                interleaved(1, new byte[] {(byte) 0x81, (byte) 201, 0, 1, 0, 0, 0, 1}));
        feedInPieces(channel, stream, 5);

        assertThat(probe.failure()).isNull();
        assertThat(probe.framesInWindow()).isEqualTo(2);
        assertThat(probe.lostInWindow()).isEqualTo(1);
        assertThat(probe.keyframeAfterPlayMillis()).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(channel.<Object>readOutbound()).as("nothing else sent").isNull();

        channel.close();
        assertThat(nextRequest(channel)).startsWith("TEARDOWN " + URL + " RTSP/1.0\r\nCSeq: 5\r\n").contains("Session: 4711\r\n");
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnswerOtherThan200EndsTheViewerNamingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new RtspStreamReceiver(probe, window, new EpochClock(), null));
        nextRequest(channel);
        channel.writeInbound(text("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"));
        nextRequest(channel);
        channel.writeInbound(text("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\n"));

        assertThat(probe.failure()).isEqualTo("DESCRIBE " + URL + " answered 'RTSP/1.0 401 Unauthorized'");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    private static String nextRequest(EmbeddedChannel channel) {
        ByteBuf sent = channel.readOutbound();
        assertThat(sent).as("a request was sent").isNotNull();
        try {
            return sent.toString(StandardCharsets.US_ASCII);
        } finally {
            sent.release();
        }
    }

    private static void feedInPieces(EmbeddedChannel channel, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes, at, Math.min(piece, bytes.length - at)));
        }
    }

    private static ByteBuf text(String message) {
        return Unpooled.copiedBuffer(message, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] interleaved(int channel, byte[] packet) {
        return concat(new byte[] {'$', (byte) channel, (byte) (packet.length >> 8), (byte) packet.length}, packet);
    }

    private static byte[] rtp(int sequence, boolean marker, long timestamp, byte[] payload) {
        byte[] packet = new byte[RtpHeader.SIZE + payload.length];
        RtpHeader.write(packet, 0, marker, 96, sequence, timestamp, 42);
        System.arraycopy(payload, 0, packet, RtpHeader.SIZE, payload.length);
        return packet;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
