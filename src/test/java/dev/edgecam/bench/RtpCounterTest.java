package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.wire.rtp.Rtcp;
import dev.edgecam.wire.rtp.RtpClock;
import dev.edgecam.wire.rtp.RtpHeader;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RTSP viewer's counting, fed packets built with wire/rtp, from a sender whose clock the test sets. */
@Timeout(10)
class RtpCounterTest {

    private static final long SSRC = 0x1234_5678L;
    private final MeasureWindow window = new MeasureWindow();
    private final ClientProbe probe = new ClientProbe(BenchTarget.parse("rtsp://127.0.0.1:8554/stream", null, false),
            window, new CountDownLatch(1), System.nanoTime());
    private final EpochClock clock = new EpochClock();
    private final RtpCounter counter = new RtpCounter(probe, clock);

    @Test
    void latencyIsArrivalMinusCaptureByTheSenderReportsClock() throws Exception {
        window.open(System.nanoTime());
        RtpClock senderClock = new RtpClock(777_000_000L);
        long now = System.nanoTime();
        long capturedMicros = clock.epochMicros(now) - 40_000; // captured 40 ms before it arrives
        // The report maps some earlier moment; the frame's capture time follows from the 90 kHz clock.
        long reportMicros = capturedMicros - 1_500_000;
        byte[] report = Rtcp.senderReport(SSRC, reportMicros, senderClock.timestamp(reportMicros), 10, 1000, "cam");
        counter.rtcp(report, report.length);

        byte[] idr = rtp(1, true, senderClock.timestamp(capturedMicros), new byte[] {0x65, 1, 2, 3});
        counter.rtp(idr, idr.length, now);

        assertThat(probe.framesInWindow()).isEqualTo(1);
        assertThat(probe.latencies().size()).isEqualTo(1);
        long[] latency = new long[1];
        probe.latencies().copyTo(latency, 0);
        assertThat(latency[0]).isBetween(39_900L, 40_100L);
        assertThat(probe.negativeLatencies()).isZero();
    }

    @Test
    void aFrameEndsAtTheMarkerAndASequenceGapIsLoss() throws Exception {
        probe.playing(System.nanoTime());
        window.open(System.nanoTime());
        long now = System.nanoTime();
        byte[] fuStartOfP = rtp(65_534, false, 9000, new byte[] {0x7c, (byte) 0x81, 0});
        byte[] fuEndOfP = rtp(65_535, true, 9000, new byte[] {0x7c, 0x41, 0});
        byte[] fuStartOfIdr = rtp(2, false, 12_000, new byte[] {0x7c, (byte) 0x85, 0}); // 0 and 1 lost, across the wrap
        counter.rtp(fuStartOfP, fuStartOfP.length, now);
        assertThat(probe.keyframeAfterPlayMillis()).as("a P slice is no keyframe").isNaN();
        counter.rtp(fuEndOfP, fuEndOfP.length, now);
        counter.rtp(fuStartOfIdr, fuStartOfIdr.length, now + 5_000_000);

        assertThat(probe.framesInWindow()).isEqualTo(1);
        assertThat(probe.lostInWindow()).isEqualTo(2);
        assertThat(probe.keyframeAfterPlayMillis()).isGreaterThanOrEqualTo(5.0);
        assertThat(probe.latencies().size()).as("no sender report yet: no latency").isZero();
    }

    @Test
    void aReorderedPacketIsOneLossAtMostNotTwo() throws Exception {
        probe.playing(System.nanoTime());
        window.open(System.nanoTime());
        long now = System.nanoTime();
        for (int sequence : new int[] {10, 12, 11, 13}) { // 11 comes late: the gap at 12 is all there is to count
            byte[] packet = rtp(sequence, false, 9000, new byte[] {0x41, 0});
            counter.rtp(packet, packet.length, now);
        }

        assertThat(probe.lostInWindow()).isEqualTo(1);
    }

    @Test
    void findsAnIdrInsideAStapA() {
        byte[] stap = {0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0x01, 0, 2, 0x65, 0x10};
        assertThat(RtpCounter.startsIdr(stap, 0, stap.length)).isTrue();
        assertThat(RtpCounter.startsIdr(stap, 0, 10)).as("cut before the IDR").isFalse();
        assertThat(RtpCounter.startsIdr(new byte[] {0x41, 0}, 0, 2)).isFalse();
    }

    @Test
    void aBrokenPacketIsAProtocolError() {
        byte[] notRtp = {0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertThatThrownBy(() -> counter.rtp(notRtp, notRtp.length, System.nanoTime()))
                .isInstanceOf(BenchProtocolException.class).hasMessageContaining("RTP version 0");
    }

    private static byte[] rtp(int sequence, boolean marker, long timestamp, byte[] payload) {
        byte[] packet = new byte[RtpHeader.SIZE + payload.length];
        RtpHeader.write(packet, 0, marker, 96, sequence, timestamp, SSRC);
        System.arraycopy(payload, 0, packet, RtpHeader.SIZE, payload.length);
        return packet;
    }
}
