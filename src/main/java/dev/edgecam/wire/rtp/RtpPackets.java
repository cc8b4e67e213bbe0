package dev.edgecam.wire.rtp;

import java.util.List;

/**
 * The RTP packets of one access unit, made once and sent as they are to every client.
 *
 * @param packets whole RTP packets (header and payload), in order; never modified
 * @param firstSequence the sequence number of the first packet (what RTSP's RTP-Info names as {@code seq})
 * @param timestamp their common RTP timestamp (RTP-Info's {@code rtptime})
 */
public record RtpPackets(List<byte[]> packets, int firstSequence, long timestamp) {

    /** Bytes of every packet together, headers included. */
    public int bytes() {
        int total = 0;
        for (byte[] packet : packets) {
            total += packet.length;
        }
        return total;
    }

    /** Payload bytes of every packet together (RTCP's sender octet count). */
    public int payloadBytes() {
        return bytes() - packets.size() * RtpHeader.SIZE;
    }
}
