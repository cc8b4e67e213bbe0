package dev.edgecam.transport.rtsp;

import dev.edgecam.wire.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;

/** Counts the RTP packets and payload bytes of a frame's shared buffer (see {@link RtpStream}) for sender reports. */
final class PacketCounts {

    private long packets;
    private long payloadBytes;

    /** Adds the packets of {@code framed}, without moving its indexes. */
    void add(ByteBuf framed) {
        int at = framed.readerIndex();
        int end = framed.writerIndex();
        while (at + RtpStream.FRAMING_BYTES <= end) {
            int length = framed.getUnsignedShort(at + 2);
            packets++;
            payloadBytes += length - RtpHeader.SIZE;
            at += RtpStream.FRAMING_BYTES + length;
        }
    }

    /** Adds a frame's packets as laid out for UDP. */
    void add(UdpPackets frame) {
        packets += frame.packetCount();
        payloadBytes += frame.payloadBytes();
    }

    long packets() {
        return packets;
    }

    long payloadBytes() {
        return payloadBytes;
    }
}
