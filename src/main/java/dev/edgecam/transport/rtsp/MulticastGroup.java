package dev.edgecam.transport.rtsp;

import dev.edgecam.camera.CameraMulticast;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.rtp.Rtcp;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's multicast stream: its shared {@link RtpStream} packets sent once to the camera's group, whatever the
 * number of viewers, with RTCP sender reports to the group's next port. It runs while at least one session plays
 * multicast: the first viewer's {@link #join} opens the socket and starts sending, the last one's {@link #leave}
 * stops it and closes the socket. Sending is {@link UdpUnicastDelivery}'s (paced catch-up from the cached keyframe,
 * never blocking, frames dropped to the next keyframe when the socket is full) with the group as its destination.
 *
 * <p>The socket is bound to the serve {@code --host} address (its interface sends: {@code IP_MULTICAST_IF}), so on a
 * machine with several networks the stream goes to the one edgecam serves; the TTL keeps it on the LAN by default.
 *
 * <p>Thread-safe: sessions of several connections join and leave concurrently.
 */
final class MulticastGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MulticastGroup.class);

    private final NettyRuntime net;
    private final RtpStream stream;
    private final String cameraId;
    private final InetSocketAddress rtp;
    private final InetSocketAddress rtcp;
    private final int ttl;
    /** The address whose interface sends (the serve {@code --host}), or null: the kernel's route to 224.0.0.0/4. */
    private final String interfaceHost;
    private final long reportMillis;
    /** The group's sending as one client: its frames and skips, for the log; never in the camera's registry. */
    private final ClientInfo sender;
    /** The sessions playing, by identity. */
    private final Set<RtspSession> viewers = Collections.newSetFromMap(new IdentityHashMap<>());
    private MulticastReports receiverReports;
    private Channel channel;
    private UdpUnicastDelivery sending;
    private ScheduledFuture<?> senderReports;
    private long packetsBefore;
    private long payloadBytesBefore;

    MulticastGroup(NettyRuntime net, RtpStream stream, String cameraId, CameraMulticast settings,
                   RtspOptions options) {
        this.net = net;
        this.stream = stream;
        this.cameraId = cameraId;
        this.ttl = settings.ttl();
        this.rtp = settings.groupFor(cameraId);
        this.rtcp = new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
        this.reportMillis = options.reportInterval().toMillis();
        String host = options.host();
        this.interfaceHost = host == null || host.equals("0.0.0.0") || host.equals("::") ? null : host;
        this.sender = new ClientInfo(TransportKind.RTSP, rtp.getAddress().getHostAddress() + ":" + rtp.getPort());
    }

    InetSocketAddress group() {
        return rtp;
    }

    /** SETUP's answer: where the packets go, and with which SSRC. */
    String transportReply() {
        return "RTP/AVP;multicast;destination=" + rtp.getAddress().getHostAddress() + ";port=" + rtp.getPort() + "-"
                + rtcp.getPort() + ";ttl=" + ttl + ";ssrc=" + String.format("%08X", stream.ssrc());
    }

    /** A session starts playing: the first one starts the stream. */
    synchronized void join(RtspSession session) {
        if (viewers.add(session) && viewers.size() == 1) {
            start();
        }
    }

    /** A session stops playing (PAUSE, TEARDOWN, its end): after the last one the stream stops. */
    synchronized void leave(RtspSession session) {
        if (viewers.remove(session) && viewers.isEmpty()) {
            stop("no multicast viewer left");
        }
    }

    synchronized int viewers() {
        return viewers.size();
    }

    /** A receiver report to the group's RTCP port: it goes to the sessions of its sender's host. */
    private void reportFrom(InetSocketAddress sender, ByteBuf packet) {
        List<RtspSession> playing;
        synchronized (this) {
            playing = List.copyOf(viewers);
        }
        String host = sender.getAddress().getHostAddress();
        for (RtspSession session : playing) {
            if (session.connection().remoteAddress() instanceof InetSocketAddress peer
                    && peer.getAddress().getHostAddress().equals(host)) {
                session.received(packet);
            }
        }
    }

    /** RTP packets sent to the group since the server started (over every run of the stream). */
    synchronized long packetsSent() {
        return packetsBefore + (sending == null ? 0 : sending.packetsSent());
    }

    synchronized long payloadBytesSent() {
        return payloadBytesBefore + (sending == null ? 0 : sending.payloadBytesSent());
    }

    /**
     * Opens the socket; sending starts once it is bound. Never waits: {@link #join} runs on a connection's event
     * loop, which may be the one the new socket is registered on.
     */
    private void start() {
        NetworkInterface sendingInterface = interfaceHost == null ? null : interfaceOf(interfaceHost);
        ChannelFuture bound = open(sendingInterface);
        receiverReports = MulticastReports.open(net.workers(), datagramFactory(), rtcp, sendingInterface, this::reportFrom);
        Channel opened = bound.channel();
        channel = opened;
        bound.addListener(done -> {
            if (done.isSuccess()) {
                startSending(opened);
            } else {
                log.warn("RTSP: camera {} cannot send multicast to {}:{}: {} (check --host, the interface's"
                        + " multicast flag and its route to 224.0.0.0/4)", cameraId, rtp.getAddress().getHostAddress(),
                        rtp.getPort(), done.cause().toString());
            }
        });
    }

    private synchronized void startSending(Channel opened) {
        if (channel != opened || sending != null) {
            return; // the last viewer left before the socket was bound
        }
        sending = UdpUnicastDelivery.toGroup(opened, stream, sender, rtp, rtcp);
        sending.play();
        senderReports = opened.eventLoop().scheduleAtFixedRate(this::sendReport, 0, reportMillis, TimeUnit.MILLISECONDS);
        log.info("RTSP: camera {} multicast to {}:{} (ttl {}, from {}) started", cameraId,
                rtp.getAddress().getHostAddress(), rtp.getPort(), ttl, opened.localAddress());
    }

    private void sendReport() {
        long nowMicros = dev.edgecam.source.Capture.nowEpochMicros();
        UdpUnicastDelivery current;
        synchronized (this) {
            current = sending;
        }
        if (current != null) {
            current.sendRtcp(Rtcp.senderReport(stream.ssrc(), nowMicros, stream.clock().timestamp(nowMicros),
                    packetsSent(), payloadBytesSent(), "edgecam@" + cameraId));
        }
    }

    private void stop(String reason) {
        if (channel == null) {
            return;
        }
        channel.close();
        channel = null;
        if (receiverReports != null) {
            receiverReports.close();
            receiverReports = null;
        }
        if (sending == null) {
            return;
        }
        senderReports.cancel(false);
        sending.close();
        packetsBefore += sending.packetsSent();
        payloadBytesBefore += sending.payloadBytesSent();
        sending = null;
        log.info("RTSP: camera {} multicast to {}:{} stopped: {} ({} frames sent, {} skipped)", cameraId,
                rtp.getAddress().getHostAddress(), rtp.getPort(), reason, sender.framesSent(), sender.framesSkipped());
    }

    private ChannelFuture open(NetworkInterface sendingInterface) {
        Bootstrap bootstrap = new Bootstrap().group(net.workers())
                .channelFactory(datagramFactory())
                .option(ChannelOption.SO_SNDBUF, UdpSockets.SEND_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(
                        UdpSockets.WRITE_BUFFER_HIGH_BYTES / 2, UdpSockets.WRITE_BUFFER_HIGH_BYTES))
                .option(ChannelOption.IP_MULTICAST_TTL, ttl)
                .handler(new Discard());
        if (interfaceHost != null) {
            bootstrap.option(ChannelOption.IP_MULTICAST_IF, sendingInterface);
        }
        return bootstrap.bind(interfaceHost == null ? "0.0.0.0" : interfaceHost, 0);
    }

    private ChannelFactory<DatagramChannel> datagramFactory() {
        boolean epoll = net.datagramChannelType() == EpollDatagramChannel.class;
        return () -> epoll ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                : new NioDatagramChannel(SocketProtocolFamily.INET);
    }

    private NetworkInterface interfaceOf(String host) {
        try {
            NetworkInterface found = NetworkInterface.getByInetAddress(InetAddress.getByName(host));
            if (found == null) {
                throw new IllegalStateException("RTSP multicast: no network interface has the address " + host
                        + " (--host); serve on an address of this machine");
            }
            return found;
        } catch (UnknownHostException | SocketException e) {
            throw new IllegalStateException("RTSP multicast: cannot find the interface of " + host + " (--host): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        viewers.clear();
        stop("server closing or camera stopped");
    }

    /** Datagrams sent to the sender's own port (none expected) are dropped; send errors concern one datagram. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("RTSP: multicast send failed: {}", cause.toString());
        }
    }
}
