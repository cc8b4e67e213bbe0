package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sender and receiver reports written and read back, and the NTP and RTP clocks' arithmetic. */
class RtcpTest {

    @Test
    void aSenderReportMapsItsRtpTimeToTheWallClockItWasGiven() {
        long epochMicros = 1_795_000_000_123_456L;
        RtpClock clock = new RtpClock(0xfedcba98L);
        byte[] sr = Rtcp.senderReport(0xdeadbeefL, epochMicros, clock.timestamp(epochMicros), 12, 3400, "edgecam@cam1");
        assertThat(sr.length % 4).isZero();
        Rtcp.Compound compound = Rtcp.parse(sr, 0, sr.length);
        assertThat(compound.senderInfos()).hasSize(1);
        Rtcp.SenderInfo info = compound.senderInfos().get(0);
        assertThat(info.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(info.epochMicros()).isEqualTo(epochMicros);
        assertThat(info.packetCount()).isEqualTo(12);
        assertThat(info.octetCount()).isEqualTo(3400);
        long frameMicros = epochMicros + 2_000_000 + 33_333;
        assertThat(RtpClock.epochMicros(clock.timestamp(frameMicros), info.rtpTimestamp(), info.epochMicros()))
                .isCloseTo(frameMicros, org.assertj.core.data.Offset.offset(12L));
        long earlier = epochMicros - 500_000;
        assertThat(RtpClock.epochMicros(clock.timestamp(earlier), info.rtpTimestamp(), info.epochMicros()))
                .isCloseTo(earlier, org.assertj.core.data.Offset.offset(12L));
    }

    @Test
    void receiverReportBlocksRoundTripWithNegativeCumulativeLoss() {
        Rtcp.ReportBlock block = new Rtcp.ReportBlock(7, 0xdeadbeefL, 64, -3, 70_000, 123, 0x12345678L, 65536);
        Rtcp.ReportBlock other = new Rtcp.ReportBlock(7, 5, 0, 1_000_000, 1, 0, 0, 0);
        byte[] rr = Rtcp.receiverReport(7, List.of(block, other), "viewer");
        Rtcp.Compound compound = Rtcp.parse(rr, 0, rr.length);
        assertThat(compound.senderInfos()).isEmpty();
        assertThat(compound.reportBlocks()).containsExactly(block, other);
        assertThat(block.lostShare()).isEqualTo(0.25);
    }

    @Test
    void ntpTimeHasTheNtpEpoch() {
        assertThat(Rtcp.ntpTime(0) >>> 32).isEqualTo(2_208_988_800L);
        assertThat(Rtcp.ntpTime(500_000) & 0xffffffffL).isEqualTo(1L << 31);
        assertThat(Rtcp.epochMicros(Rtcp.ntpTime(1_700_000_000_999_999L))).isEqualTo(1_700_000_000_999_999L);
    }
}
