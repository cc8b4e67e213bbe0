package dev.edgecam.transport.rtsp;

import dev.edgecam.wire.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;

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

    /** Lays out {@code packets} (whole RTP packets, in order) back to back, in runs. */
    static UdpPackets of(List<byte[]> packets) {
        int bytes = 0;
        for (byte[] packet : packets) {
            bytes += packet.length;
        }
        ByteBuf datagrams = Unpooled.directBuffer(bytes);
        int[] runs = new int[packets.size() * 3];
        int runCount = 0;
        int i = 0;
        while (i < packets.size()) {
            int start = datagrams.writerIndex();
            int segment = packets.get(i).length;
            int count = 0;
            // Equal-size packets, then at most one shorter one, which must end the run (GSO's rule).
            while (i < packets.size() && count < MAX_RUN_PACKETS
                    && datagrams.writerIndex() - start + packets.get(i).length <= MAX_RUN_BYTES) {
                int length = packets.get(i).length;
                if (length > segment) {
                    break;
                }
                datagrams.writeBytes(packets.get(i));
                i++;
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
        return new UdpPackets(datagrams, java.util.Arrays.copyOf(runs, runCount * 3), packets.size(),
                bytes - (long) packets.size() * RtpHeader.SIZE);
    }

    /**
     * The packets of a buffer of interleave-framed packets ({@code framingBytes} before each: {@code $}, channel,
     * 16-bit length), laid out for UDP; the framed buffer's indexes are not moved.
     */
    static UdpPackets fromInterleaved(ByteBuf framed, int framingBytes) {
        List<byte[]> packets = new java.util.ArrayList<>();
        int at = framed.readerIndex();
        while (at + framingBytes <= framed.writerIndex()) {
            int length = framed.getUnsignedShort(at + 2);
            byte[] packet = new byte[length];
            framed.getBytes(at + framingBytes, packet);
            packets.add(packet);
            at += framingBytes + length;
        }
        return of(packets);
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
