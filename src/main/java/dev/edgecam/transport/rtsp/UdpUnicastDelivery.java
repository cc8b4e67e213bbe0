package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.transport.ClientInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RTP over UDP unicast ({@code RTP/AVP;unicast;client_port=a-b}) from the server's one RTP socket and one RTCP
 * socket ({@link UdpSockets}), shared by every UDP client. Each client has its own cursor in the camera's
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
    private static final int MAX_FRAMES_PER_PUMP = 3;
    /** 3 frames per 4 ms: a 30-frame GOP catches up in 40 ms, at several times the live rate. */
    private static final long CATCH_UP_PAUSE_MICROS = 4_000;

    private final UdpSockets sockets;
    private final RtpStream stream;
    private final ClientInfo client;
    private final InetSocketAddress rtpDestination;
    private final InetSocketAddress rtcpDestination;
    private final Channel rtp;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable pumpTask = () -> {
        wakeQueued.set(false);
        pump();
    };
    private final PacketCounts counts = new PacketCounts();
    // Used on the RTP socket's event loop only.
    private GopHub.Subscriber subscriber;
    private boolean waitingForKeyframe;
    private long reportedSkips;
    private volatile long packetsSent;
    private volatile long payloadBytesSent;

    /** @param client the client's host with its {@code client_port} pair (RTP, RTCP) */
    UdpUnicastDelivery(UdpSockets sockets, RtpStream stream, ClientInfo client, InetSocketAddress rtpDestination,
                       InetSocketAddress rtcpDestination) {
        this.sockets = sockets;
        this.stream = stream;
        this.client = client;
        this.rtpDestination = rtpDestination;
        this.rtcpDestination = rtcpDestination;
        this.rtp = sockets.rtp();
    }

    InetSocketAddress rtcpDestination() {
        return rtcpDestination;
    }

    @Override
    public String transportReply() {
        return "RTP/AVP;unicast;client_port=" + rtpDestination.getPort() + "-" + rtcpDestination.getPort()
                + ";server_port=" + sockets.rtpPort() + "-" + sockets.rtcpPort() + ";ssrc="
                + String.format("%08X", stream.ssrc());
    }

    @Override
    public void play() {
        rtp.eventLoop().execute(() -> {
            if (subscriber == null) {
                waitingForKeyframe = false;
                reportedSkips = 0;
                subscriber = stream.hub().subscribe(frame -> wake());
                pump();
            }
        });
    }

    private void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            rtp.eventLoop().execute(pumpTask);
        }
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
            ByteBuf packets = stream.packets(frame);
            try {
                counts.add(packets);
                int at = packets.readerIndex();
                int end = packets.writerIndex();
                while (at + RtpStream.FRAMING_BYTES <= end) {
                    int length = packets.getUnsignedShort(at + 2);
                    rtp.write(new DatagramPacket(packets.retainedSlice(at + RtpStream.FRAMING_BYTES, length),
                            rtpDestination), rtp.voidPromise());
                    at += RtpStream.FRAMING_BYTES + length;
                }
            } finally {
                packets.release();
            }
            client.frameSent(frame.size());
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
        if (taken == MAX_FRAMES_PER_PUMP && wakeQueued.compareAndSet(false, true)) {
            // More may be queued: go on shortly (a new frame's wake-up may come first).
            rtp.eventLoop().schedule(pumpTask, CATCH_UP_PAUSE_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
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
    }

    @Override
    public void sendRtcp(byte[] packet) {
        sockets.sendRtcp(packet, rtcpDestination);
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
