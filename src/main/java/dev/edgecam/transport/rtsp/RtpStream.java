package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.wire.rtp.H264Packetizer;
import dev.edgecam.wire.rtp.RtpClock;
import dev.edgecam.wire.rtp.RtpPackets;
import dev.edgecam.wire.rtp.Sdp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One camera's RTP stream: one SSRC, one sequence space and one 90 kHz clock tied to capture time, shared by all
 * its RTSP clients. Each frame is packetized once, the first time any client takes it, into one direct buffer of
 * interleave-framed packets ({@code $ 0 length packet}, repeated), which every TCP client on channel 0 writes as it is
 * (a duplicate of the whole buffer); TCP clients that asked for another channel share one copy per channel, made the
 * first time one of them takes the frame; and, once a UDP client takes the frame, once more without the framing, back to back in runs
 * ({@link UdpPackets}, sent with segmentation offload).
 *
 * <p><b>Cache.</b> The packets of the frames the camera's {@link GopHub} still keeps: a keyframe releases the packets
 * of the GOP before it (nobody can be sent those any more), and at most {@link GopHub.Limits#maxFrames()} frames are
 * kept. So a late joiner, who starts at the cached keyframe, gets the packets made for the first viewer, with their
 * sequence numbers. Clients take frames of one hub in its order, so frames are packetized in order and every
 * client sees consecutive sequence numbers except where it skipped frames.
 *
 * <p>Thread-safe: clients' event loops take frames concurrently; one lock guards the packetizer and the cache.
 */
final class RtpStream implements AutoCloseable {

    /** Interleave framing before each packet in the shared buffer: {@code $}, channel 0, 16-bit length. */
    static final int FRAMING_BYTES = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GopHub hub;
    private final H264Packetizer packetizer;
    private final RtpClock clock;
    private final int maxCached;
    /** By frame sequence, in packetizing order. Each entry's buffers hold one reference owned by the cache. */
    private final LinkedHashMap<Long, Packetized> cache = new LinkedHashMap<>();
    private boolean closed;

    RtpStream(GopHub hub) {
        this.hub = hub;
        this.packetizer = new H264Packetizer(Sdp.PAYLOAD_TYPE, RANDOM.nextInt(), RANDOM.nextInt(1 << 16));
        this.clock = new RtpClock(RANDOM.nextInt());
        this.maxCached = hub.limits().maxFrames();
    }

    GopHub hub() {
        return hub;
    }

    long ssrc() {
        return packetizer.ssrc();
    }

    RtpClock clock() {
        return clock;
    }

    /**
     * The interleave-framed packets of {@code frame}, packetized now if no client took it before. The caller owns
     * the returned buffer (a retained duplicate: its own indexes, the shared bytes) and must release it, usually by
     * writing it.
     */
    synchronized ByteBuf packets(Frame frame) {
        return packets(frame, 0);
    }

    /**
     * The packets of {@code frame} framed for interleave channel {@code channel} (a client that asked for
     * {@code interleaved=2-3} gets channel 2): channel 0's buffer itself, another channel's copy made the first time a
     * client of that channel takes the frame and cached beside it (only the channel byte of each packet differs).
     */
    synchronized ByteBuf packets(Frame frame, int channel) {
        Packetized packets = packetized(frame);
        ByteBuf duplicate = packets.interleaved(channel).retainedDuplicate();
        releaseIfUncached(packets);
        return duplicate;
    }

    /**
     * The same packets laid out for UDP ({@link UdpPackets}), packetized now if no client took them before. The caller
     * owns the returned reference and must {@link UdpPackets#release()} it.
     */
    synchronized UdpPackets udpPackets(Frame frame) {
        Packetized packets = packetized(frame);
        UdpPackets duplicate = packets.datagrams().retainedDuplicate();
        releaseIfUncached(packets);
        return duplicate;
    }

    /** A closed stream caches nothing: the caller's duplicate is then the last reference to the new packets. */
    private void releaseIfUncached(Packetized packets) {
        if (closed) {
            packets.release();
        }
    }

    /** The cached packets of {@code frame}, made and cached now if need be; on a closed stream made but not kept. */
    private Packetized packetized(Frame frame) {
        Packetized packets = cache.get(frame.sequence());
        if (packets == null) {
            packets = packetize(frame);
            if (closed) {
                return packets;
            }
            if (frame.keyframe()) {
                releaseOlderThan(frame.sequence());
            }
            cache.put(frame.sequence(), packets);
            trim();
        }
        return packets;
    }

    /** Stamped with the frame's presentation time (RFC 6184 section 5.1), which B-frames put after their capture. */
    private Packetized packetize(Frame frame) {
        RtpPackets rtp = packetizer.packetize(frame.bytes(), clock.timestamp(frame.presentationEpochMicros()));
        ByteBuf buffer = Unpooled.directBuffer(rtp.bytes() + FRAMING_BYTES * rtp.packets().size());
        for (byte[] packet : rtp.packets()) {
            buffer.writeByte('$').writeByte(0).writeShort(packet.length).writeBytes(packet);
        }
        return new Packetized(buffer);
    }

    private void releaseOlderThan(long sequence) {
        Iterator<Map.Entry<Long, Packetized>> entries = cache.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Long, Packetized> entry = entries.next();
            if (entry.getKey() < sequence) {
                entry.getValue().release();
                entries.remove();
            }
        }
    }

    private void trim() {
        Iterator<Packetized> oldest = cache.values().iterator();
        while (cache.size() > maxCached && oldest.hasNext()) {
            oldest.next().release();
            oldest.remove();
        }
    }

    /** The sequence number the next frame packetized starts with. */
    synchronized int nextSequence() {
        return packetizer.nextSequence();
    }

    /** The sequence number of the first packet in a buffer from {@link #packets}, or -1 when it holds none. */
    static int firstSequence(ByteBuf packets) {
        return packets.readableBytes() < FRAMING_BYTES + 12 ? -1
                : packets.getUnsignedShort(packets.readerIndex() + FRAMING_BYTES + 2);
    }

    /** The RTP timestamp of the packets in a buffer from {@link #packets}, or -1 when it holds none. */
    static long timestamp(ByteBuf packets) {
        return packets.readableBytes() < FRAMING_BYTES + 12 ? -1
                : packets.getUnsignedInt(packets.readerIndex() + FRAMING_BYTES + 4);
    }

    /** Releases the cached packets; clients still writing hold their own references. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        cache.values().forEach(Packetized::release);
        cache.clear();
    }

    /**
     * One frame's packets: the {@code $}-framed layout always, the UDP layout made when a UDP client first takes the
     * frame (so a camera watched over TCP only keeps one copy). The cache holds one reference to each.
     */
    private static final class Packetized {
        private final ByteBuf interleaved;
        /** Copies framed for other channels than 0, by channel; null until a client of another channel takes one. */
        private Map<Integer, ByteBuf> otherChannels;
        private UdpPackets datagrams;

        Packetized(ByteBuf interleaved) {
            this.interleaved = interleaved;
        }

        /** Under the stream's lock. */
        ByteBuf interleaved(int channel) {
            if (channel == 0) {
                return interleaved;
            }
            if (otherChannels == null) {
                otherChannels = new java.util.HashMap<>(2);
            }
            return otherChannels.computeIfAbsent(channel, this::framedFor);
        }

        /** A copy of channel 0's buffer whose packets say {@code channel}: {@code $}, channel, length, packet. */
        private ByteBuf framedFor(int channel) {
            ByteBuf copy = Unpooled.directBuffer(interleaved.readableBytes()).writeBytes(interleaved, 0,
                    interleaved.readableBytes());
            for (int at = 0; at + FRAMING_BYTES <= copy.writerIndex(); at += FRAMING_BYTES + copy.getUnsignedShort(at + 2)) {
                copy.setByte(at + 1, channel);
            }
            return copy;
        }

        /** Under the stream's lock. */
        UdpPackets datagrams() {
            if (datagrams == null) {
                datagrams = UdpPackets.fromInterleaved(interleaved);
            }
            return datagrams;
        }

        void release() {
            interleaved.release();
            if (otherChannels != null) {
                otherChannels.values().forEach(ByteBuf::release);
            }
            if (datagrams != null) {
                datagrams.release();
            }
        }
    }
}
