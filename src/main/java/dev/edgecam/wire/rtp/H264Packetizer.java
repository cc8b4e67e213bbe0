package dev.edgecam.wire.rtp;

import dev.edgecam.frame.AnnexB;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns H.264 access units (Annex B) into RTP packets per RFC 6184, packetization mode 1: a NAL unit that fits in
 * {@link #maxPayload} bytes goes alone in one packet (single NAL unit packet, start code stripped); a larger one is
 * cut into FU-A fragments. The marker bit is set on the last packet of an access unit. Access unit delimiters are
 * dropped (RFC 6184 allows it; the marker bit says where an access unit ends).
 *
 * <pre>
 *   FU-A payload:  | FU indicator: F NRI 28 | FU header: S E R type | fragment of the NAL unit (header byte cut) |
 * </pre>
 *
 * <p>One packetizer is one stream: one SSRC and one sequence space, continued from call to call. Not thread-safe;
 * the packets it returns are new arrays, never modified afterwards, so any number of clients may send them.
 */
public final class H264Packetizer {

    /** RFC 6184's ceiling here: a 1400-byte payload plus headers fits any Ethernet or VPN path's MTU. */
    public static final int DEFAULT_MAX_PAYLOAD = 1400;
    private static final int FU_A = 28;
    private static final int FU_HEADER_BYTES = 2;

    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private int nextSequence;

    /**
     * @param firstSequence the sequence number of the first packet (RFC 3550 wants it random)
     * @param maxPayload payload bytes per packet at most, at least 3 (FU indicator, FU header and one byte)
     */
    public H264Packetizer(int payloadType, long ssrc, int firstSequence, int maxPayload) {
        if (maxPayload < FU_HEADER_BYTES + 1) {
            throw new IllegalArgumentException("an RTP payload of " + maxPayload + " bytes cannot carry an FU-A fragment");
        }
        this.payloadType = payloadType;
        this.ssrc = ssrc & 0xffffffffL;
        this.nextSequence = firstSequence & 0xffff;
        this.maxPayload = maxPayload;
    }

    public H264Packetizer(int payloadType, long ssrc, int firstSequence) {
        this(payloadType, ssrc, firstSequence, DEFAULT_MAX_PAYLOAD);
    }

    /**
     * The packets of one access unit, all with {@code timestamp}.
     *
     * @param accessUnit one access unit in Annex B form
     * @param timestamp its 90 kHz RTP timestamp (see {@link RtpClock})
     * @return the packets, possibly none when the access unit holds only delimiters
     */
    public RtpPackets packetize(byte[] accessUnit, long timestamp) {
        int firstSequence = nextSequence;
        List<byte[]> packets = new ArrayList<>();
        List<AnnexB.Nal> nals = AnnexB.split(accessUnit);
        int last = nals.size() - 1;
        while (last >= 0 && nals.get(last).type() == AnnexB.NAL_AUD) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            AnnexB.Nal nal = nals.get(i);
            if (nal.type() == AnnexB.NAL_AUD) {
                continue;
            }
            if (nal.length() <= maxPayload) {
                byte[] packet = header(nal.length(), i == last, timestamp);
                System.arraycopy(nal.bytes(), nal.offset(), packet, RtpHeader.SIZE, nal.length());
                packets.add(packet);
            } else {
                fragment(nal, i == last, timestamp, packets);
            }
        }
        return new RtpPackets(List.copyOf(packets), firstSequence, timestamp & 0xffffffffL);
    }

    private void fragment(AnnexB.Nal nal, boolean lastNal, long timestamp, List<byte[]> packets) {
        byte header = nal.bytes()[nal.offset()];
        int indicator = (header & 0xe0) | FU_A;
        int type = AnnexB.type(header);
        int position = nal.offset() + 1;
        int end = nal.offset() + nal.length();
        int chunk = maxPayload - FU_HEADER_BYTES;
        boolean first = true;
        while (position < end) {
            int length = Math.min(chunk, end - position);
            boolean lastFragment = position + length == end;
            byte[] packet = header(FU_HEADER_BYTES + length, lastNal && lastFragment, timestamp);
            packet[RtpHeader.SIZE] = (byte) indicator;
            packet[RtpHeader.SIZE + 1] = (byte) ((first ? 0x80 : 0) | (lastFragment ? 0x40 : 0) | type);
            System.arraycopy(nal.bytes(), position, packet, RtpHeader.SIZE + FU_HEADER_BYTES, length);
            packets.add(packet);
            position += length;
            first = false;
        }
    }

    private byte[] header(int payloadLength, boolean marker, long timestamp) {
        byte[] packet = new byte[RtpHeader.SIZE + payloadLength];
        RtpHeader.write(packet, 0, marker, payloadType, nextSequence, timestamp, ssrc);
        nextSequence = (nextSequence + 1) & 0xffff;
        return packet;
    }

    /** The sequence number the next packet gets. */
    public int nextSequence() {
        return nextSequence;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    public int maxPayload() {
        return maxPayload;
    }
}
