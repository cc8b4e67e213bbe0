package dev.edgecam.bench;

import dev.edgecam.wire.rtp.Rtcp;
import dev.edgecam.wire.rtp.RtpClock;
import dev.edgecam.wire.rtp.RtpFormatException;
import dev.edgecam.wire.rtp.RtpHeader;

/**
 * What one RTSP viewer of the benchmark counts from its RTP and RTCP packets, over UDP or TCP alike, without
 * reassembling or decoding a picture: a frame ends at a packet with the marker bit; a sequence gap is lost packets;
 * the first packet starting an IDR slice (a single NAL unit of type 5, a STAP-A holding one, or an FU-A start
 * fragment of one) is the first keyframe; an RTCP sender report maps RTP time to the sender's wall clock, so a
 * frame's RTP timestamp gives its capture time and the latency is its arrival minus that.
 *
 * <p>Used on one event loop only.
 */
final class RtpCounter {

    private static final int NAL_IDR = 5;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final ClientProbe probe;
    private final EpochClock clock;
    private int lastSequence = -1;
    private boolean sawKeyframe;
    private boolean haveSenderReport;
    private long srRtp;
    private long srEpochMicros;

    RtpCounter(ClientProbe probe, EpochClock clock) {
        this.probe = probe;
        this.clock = clock;
    }

    /** One RTP packet in {@code packet[0, length)}. */
    void rtp(byte[] packet, int length, long nowNanos) throws BenchProtocolException {
        RtpHeader header;
        try {
            header = RtpHeader.read(packet, 0, length);
        } catch (RtpFormatException e) {
            throw new BenchProtocolException("a broken RTP packet: " + e.getMessage());
        }
        int gap = lastSequence < 0 ? 0 : (header.sequence() - lastSequence - 1) & 0xffff;
        if (gap < 0x8000) { // else a late or repeated packet: its gap was counted; the newest number stays
            if (gap > 0) {
                probe.packetsLost(nowNanos, gap);
            }
            lastSequence = header.sequence();
        }
        if (!sawKeyframe && startsIdr(packet, header.payloadOffset(), header.payloadLength())) {
            sawKeyframe = true;
            probe.firstKeyframe(nowNanos);
        }
        if (header.marker()) {
            long latency = -1;
            if (haveSenderReport) {
                long captured = RtpClock.epochMicros(header.timestamp(), srRtp, srEpochMicros);
                latency = clock.epochMicros(nowNanos) - captured;
                if (latency < 0) {
                    probe.negativeLatency();
                }
            }
            probe.frameReceived(nowNanos, -1, latency);
        }
    }

    /** One RTCP compound packet in {@code packet[0, length)}: the last sender report's clock mapping is kept. */
    void rtcp(byte[] packet, int length) throws BenchProtocolException {
        try {
            for (Rtcp.SenderInfo sender : Rtcp.parse(packet, 0, length).senderInfos()) {
                srRtp = sender.rtpTimestamp();
                srEpochMicros = sender.epochMicros();
                haveSenderReport = true;
            }
        } catch (RtpFormatException e) {
            throw new BenchProtocolException("a broken RTCP packet: " + e.getMessage());
        }
    }

    /** Whether an H.264 RTP payload (RFC 6184) begins an IDR slice. */
    static boolean startsIdr(byte[] packet, int offset, int length) {
        if (length < 1) {
            return false;
        }
        int type = packet[offset] & 0x1f;
        if (type == NAL_IDR) {
            return true;
        }
        if (type == FU_A) {
            return length >= 2 && (packet[offset + 1] & 0x80) != 0 && (packet[offset + 1] & 0x1f) == NAL_IDR;
        }
        if (type == STAP_A) {
            for (int at = offset + 1; at + 2 < offset + length; ) {
                int size = ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
                if ((packet[at + 2] & 0x1f) == NAL_IDR) {
                    return true;
                }
                at += 2 + size;
            }
        }
        return false;
    }
}
