package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.transport.ClientInfo;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * RTP over UDP unicast ({@code RTP/AVP;unicast;client_port=a-b}) from the server's one RTP socket and one RTCP
 * socket ({@link UdpSockets}), shared by every UDP client; also the sender of a camera's multicast group
 * ({@link #toGroup}), whose one destination is the group. Each client has its own cursor in the camera's
 * {@link GopHub}, so it starts at a keyframe and, when it falls behind the hub, skips to the next one.
 *
 * <p><b>Never blocks anyone.</b> The shared socket's Netty buffer is bounded ({@link UdpSockets}); a frame that finds
 * it full is dropped for this client and counted as skipped, and so is every frame after it until the next
 * keyframe (the client could not decode them). All sending runs on the RTP socket's event loop; the capture thread
 * only wakes it.
 */
final class UdpUnicastDelivery implements RtpDelivery {

    /**
     * Frames sent per wake-up at most. A new client starts at the cached keyframe with the GOP so far behind it (up to
     * a second of video at once); UDP has no flow control, so that backlog is paced: a few frames, then
     * {@link #CATCH_UP_PAUSE_MICROS}, so a client's receive buffer (GStreamer's 512 KiB, a kernel's default 208 KiB)
     * is not overrun and nobody else waits on this client. The keyframe, which it can decode at once, goes first.
     */
    static final int MAX_FRAMES_PER_PUMP = 3;
    /** 3 frames per 4 ms: a 30-frame GOP catches up in 40 ms, at several times the live rate. */
    static final long CATCH_UP_PAUSE_MICROS = 4_000;

    private final String serverPorts;
    private final java.util.function.BiConsumer<byte[], InetSocketAddress> rtcpSender;
    private final RtpStream stream;
    private final ClientInfo client;
    private final InetSocketAddress rtpDestination;
    private final InetSocketAddress rtcpDestination;
    private final Channel rtp;
    /** Whether runs of packets go out as one segmented datagram ({@link UdpPackets}); off for multicast groups. */
    private final BooleanSupplier segmentation;
    /** The camera's live fan-out this client joins once caught up; null for a multicast group (one destination). */
    private final java.util.function.Function<RtpStream, UdpFanout> fanouts;
    private UdpFanout fanout;
    /** Hub position of the first frame the fan-out sends this client (those before it came from its own cursor). */
    private long joinPosition;
    private final PumpWakeups wakeups;
    private final PacketCounts counts = new PacketCounts();
    // Used on the RTP socket's event loop only.
    private GopHub.Subscriber subscriber;
    private boolean waitingForKeyframe;
    private boolean sentAny;
    private long reportedSkips;
    private volatile long packetsSent;
    private volatile long payloadBytesSent;

    /** @param client the client's host with its {@code client_port} pair (RTP, RTCP) */
    UdpUnicastDelivery(UdpSockets sockets, RtpStream stream, ClientInfo client, InetSocketAddress rtpDestination,
                       InetSocketAddress rtcpDestination) {
        this(sockets.rtp(), sockets::sendRtcp, sockets::fanout, sockets.segmentation()::on,
                sockets.rtpPort() + "-" + sockets.rtcpPort(), stream, client, rtpDestination, rtcpDestination);
    }

    private UdpUnicastDelivery(Channel rtp, java.util.function.BiConsumer<byte[], InetSocketAddress> rtcpSender,
                               java.util.function.Function<RtpStream, UdpFanout> fanouts, BooleanSupplier segmentation,
                               String serverPorts, RtpStream stream, ClientInfo client,
                               InetSocketAddress rtpDestination, InetSocketAddress rtcpDestination) {
        this.rtp = rtp;
        this.wakeups = new PumpWakeups(rtp.eventLoop(), this::pump);
        this.segmentation = segmentation;
        this.rtcpSender = rtcpSender;
        this.fanouts = fanouts;
        this.serverPorts = serverPorts;
        this.stream = stream;
        this.client = client;
        this.rtpDestination = rtpDestination;
        this.rtcpDestination = rtcpDestination;
    }

    /**
     * The sending of a multicast group ({@link MulticastGroup}): the same paced, never-blocking pump, from
     * {@code channel} (bound to the multicast interface) to the group's RTP port, RTCP to its next port.
     */
    static UdpUnicastDelivery toGroup(Channel channel, RtpStream stream, ClientInfo counts, InetSocketAddress rtp,
                                      InetSocketAddress rtcp) {
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        return new UdpUnicastDelivery(channel, (packet, to) -> {
            if (channel.isWritable()) {
                channel.writeAndFlush(new DatagramPacket(io.netty.buffer.Unpooled.wrappedBuffer(packet), to),
                        channel.voidPromise());
            }
        }, null, () -> false, port + "-" + port, stream, counts, rtp, rtcp);
    }

    InetSocketAddress rtcpDestination() {
        return rtcpDestination;
    }

    @Override
    public String transportReply() {
        return "RTP/AVP;unicast;client_port=" + rtpDestination.getPort() + "-" + rtcpDestination.getPort()
                + ";server_port=" + serverPorts + ";ssrc="
                + String.format("%08X", stream.ssrc());
    }

    @Override
    public void play() {
        rtp.eventLoop().execute(() -> {
            if (subscriber == null && fanout == null) {
                waitingForKeyframe = false;
                sentAny = false;
                reportedSkips = 0;
                subscriber = stream.hub().subscribe(frame -> wakeups.wake());
                pump();
            }
        });
    }

    private void pump() {
        if (subscriber == null) {
            return;
        }
        boolean wrote = false;
        int taken = 0;
        for (; taken < MAX_FRAMES_PER_PUMP; taken++) {
            Frame frame = subscriber.next();
            if (frame == null) {
                break;
            }
            if (waitingForKeyframe && !frame.keyframe() || !rtp.isWritable()) {
                waitingForKeyframe = true; // a frame dropped here breaks the rest of its GOP for this client
                client.framesSkipped(1);
                continue;
            }
            waitingForKeyframe = false;
            UdpPackets packets = stream.udpPackets(frame);
            try {
                counts.add(packets);
                packets.writeTo(rtp, rtpDestination, segmentation.getAsBoolean());
            } finally {
                packets.release();
            }
            client.frameSent(frame.size());
            sentAny = true;
            wrote = true;
        }
        if (wrote) {
            rtp.flush();
        }
        long skipped = subscriber.framesSkipped();
        if (skipped > reportedSkips) {
            client.framesSkipped(skipped - reportedSkips);
            reportedSkips = skipped;
        }
        packetsSent = counts.packets();
        payloadBytesSent = counts.payloadBytes();
        if (fanouts != null && sentAny && taken < MAX_FRAMES_PER_PUMP && subscriber.caughtUp()) {
            joinFanout();
        } else if (taken == MAX_FRAMES_PER_PUMP) {
            wakeups.wakeAfter(CATCH_UP_PAUSE_MICROS); // more may be queued: go on shortly
        }
    }

    /** Hands this client from its own cursor to the camera's fan-out, at the hub position its cursor reached. */
    private void joinFanout() {
        joinPosition = subscriber.position();
        unsubscribe();
        fanout = fanouts.apply(stream);
        fanout.join(this);
    }

    /**
     * A frame from the fan-out ({@link UdpFanout}), at hub {@code position}, with its packets; the same rules as this
     * client's own cursor. On the event loop; the fan-out flushes.
     *
     * @return whether anything was written
     */
    boolean sendShared(Frame frame, long position, UdpPackets packets, boolean segmented) {
        if (position < joinPosition) {
            return false; // this client's own cursor sent it before joining
        }
        if (waitingForKeyframe && !frame.keyframe() || !rtp.isWritable()) {
            waitingForKeyframe = true;
            client.framesSkipped(1);
            return false;
        }
        waitingForKeyframe = false;
        packets.writeTo(rtp, rtpDestination, segmented);
        counts.add(packets);
        packetsSent = counts.packets();
        payloadBytesSent = counts.payloadBytes();
        client.frameSent(frame.size());
        return true;
    }

    /** Frames the fan-out's cursor skipped (it fell behind the camera): this client never got them either. */
    void skippedShared(long frames) {
        client.framesSkipped(frames);
    }

    @Override
    public void pause() {
        rtp.eventLoop().execute(this::unsubscribe);
    }

    private void unsubscribe() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
        if (fanout != null) {
            fanout.leave(this);
            fanout = null;
        }
    }

    @Override
    public void sendRtcp(byte[] packet) {
        rtcpSender.accept(packet, rtcpDestination);
    }

    @Override
    public long packetsSent() {
        return packetsSent;
    }

    @Override
    public long payloadBytesSent() {
        return payloadBytesSent;
    }

    @Override
    public void close() {
        pause();
    }
}
