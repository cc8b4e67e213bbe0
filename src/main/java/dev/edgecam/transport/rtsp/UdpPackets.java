package dev.edgecam.transport.rtsp;

import dev.edgecam.wire.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * One frame's RTP packets laid out for UDP: back to back in one direct buffer, grouped into runs of equal-size
 * packets (the last of a run may be shorter). A frame's FU-A fragments are all the same size but the last, so a
 * frame is one to three runs, and each run goes to a viewer as ONE datagram write with UDP segmentation offload
 * (GSO, {@code UDP_SEGMENT}): the kernel cuts it into the packets, so a viewer costs a syscall entry, a route lookup
 * and a Netty write per run instead of per packet. Where GSO is missing (NIO, an old kernel) or failed once
 * ({@link UdpSockets}), each packet is its own datagram, as before.
 *
 * <p>Made once per frame by {@link RtpStream} and shared: every user holds a {@link #retainedDuplicate()} and
 * releases it. Runs never exceed {@link #MAX_RUN_PACKETS} packets or {@link #MAX_RUN_BYTES} bytes (the kernel's
 * limits for one segmented send: 64 segments in older kernels, and an IP datagram's 64 KiB).
 */
final class UdpPackets {

    static final int MAX_RUN_PACKETS = 32;
    static final int MAX_RUN_BYTES = 60_000;

    private final ByteBuf datagrams;
    /** Triples: offset in {@link #datagrams}, bytes, packet (segment) size; one triple per run. */
    private final int[] runs;
    private final int packetCount;
    private final long payloadBytes;

    private UdpPackets(ByteBuf datagrams, int[] runs, int packetCount, long payloadBytes) {
        this.datagrams = datagrams;
        this.runs = runs;
        this.packetCount = packetCount;
        this.payloadBytes = payloadBytes;
    }

    /**
     * Lays out the packets of a buffer from {@link RtpStream} ({@link RtpStream#FRAMING_BYTES} of interleave framing
     * before each: {@code $}, channel, 16-bit length) back to back, in runs; the framed buffer's indexes are not moved.
     */
    static UdpPackets fromInterleaved(ByteBuf framed) {
        int packetCount = 0;
        int bytes = 0;
        for (int at = framed.readerIndex(); at + RtpStream.FRAMING_BYTES <= framed.writerIndex();
             at += RtpStream.FRAMING_BYTES + length(framed, at)) {
            packetCount++;
            bytes += length(framed, at);
        }
        ByteBuf datagrams = Unpooled.directBuffer(bytes);
        int[] runs = new int[packetCount * 3];
        int runCount = 0;
        int at = framed.readerIndex();
        while (at + RtpStream.FRAMING_BYTES <= framed.writerIndex()) {
            int start = datagrams.writerIndex();
            int segment = length(framed, at);
            int count = 0;
            // Equal-size packets, then at most one shorter one, which must end the run (GSO's rule).
            while (at + RtpStream.FRAMING_BYTES <= framed.writerIndex() && count < MAX_RUN_PACKETS
                    && datagrams.writerIndex() - start + length(framed, at) <= MAX_RUN_BYTES) {
                int length = length(framed, at);
                if (length > segment) {
                    break;
                }
                datagrams.writeBytes(framed, at + RtpStream.FRAMING_BYTES, length);
                at += RtpStream.FRAMING_BYTES + length;
                count++;
                if (length < segment) {
                    break;
                }
            }
            runs[runCount * 3] = start;
            runs[runCount * 3 + 1] = datagrams.writerIndex() - start;
            runs[runCount * 3 + 2] = segment;
            runCount++;
        }
        return new UdpPackets(datagrams, java.util.Arrays.copyOf(runs, runCount * 3), packetCount,
                bytes - (long) packetCount * RtpHeader.SIZE);
    }

    /** The length of the packet whose framing starts at {@code at}. */
    private static int length(ByteBuf framed, int at) {
        return framed.getUnsignedShort(at + 2);
    }

    int packetCount() {
        return packetCount;
    }

    long payloadBytes() {
        return payloadBytes;
    }

    /** Runs of this frame (one segmented write each). */
    int runCount() {
        return runs.length / 3;
    }

    /**
     * Writes the packets to {@code destination} on {@code channel} without flushing: one segmented datagram per run
     * when {@code segmentation} is on, else one datagram per packet. On the channel's event loop.
     */
    void writeTo(Channel channel, InetSocketAddress destination, boolean segmentation) {
        for (int run = 0; run < runs.length; run += 3) {
            int offset = runs[run];
            int length = runs[run + 1];
            int segment = runs[run + 2];
            if (segmentation && length > segment) {
                channel.write(new SegmentedDatagramPacket(datagrams.retainedSlice(offset, length), segment,
                        destination), channel.voidPromise());
                continue;
            }
            for (int at = offset; at < offset + length; at += segment) {
                int size = Math.min(segment, offset + length - at);
                channel.write(new DatagramPacket(datagrams.retainedSlice(at, size), destination), channel.voidPromise());
            }
        }
    }

    /** Another reference to the same bytes, which its holder releases. */
    UdpPackets retainedDuplicate() {
        return new UdpPackets(datagrams.retainedDuplicate(), runs, packetCount, payloadBytes);
    }

    void release() {
        datagrams.release();
    }
}
