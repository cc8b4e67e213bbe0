package dev.edgecam.transport.rtsp;

import dev.edgecam.transport.NettyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP server's two UDP sockets, shared by every UDP client of every camera: RTP (even port) and RTCP (the
 * next, odd port), as RFC 3550 pairs them. The RTCP socket's datagrams go to a listener (receiver reports); the
 * RTP socket's (clients' NAT keep-alives) are dropped.
 *
 * <p>Sending never blocks: the kernel buffer is large ({@link #SEND_BUFFER_BYTES}), Netty's is bounded by
 * {@link #WRITE_BUFFER_HIGH_BYTES}, past which the socket is not writable and clients drop frames
 * ({@link UdpUnicastDelivery}).
 */
final class UdpSockets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpSockets.class);
    /** 4 MiB: two frames of 2 Mbit/s video for 100 clients, so a burst of wake-ups fits the kernel at once. */
    static final int SEND_BUFFER_BYTES = 4 << 20;
    static final int WRITE_BUFFER_HIGH_BYTES = 8 << 20;
    /** Port pairs tried before giving up: a free even port whose odd neighbour is taken is rare. */
    private static final int PAIR_ATTEMPTS = 20;

    private final Channel rtp;
    private final Channel rtcp;
    /** Whether RTP goes out in segmented runs; in the RTP socket's pipeline, where failed sends turn it off. */
    private final UdpSegmentation segmentation;
    /** Keyed by stream identity; touched on the RTP socket's event loop only. */
    private final java.util.Map<RtpStream, UdpFanout> fanouts = new java.util.IdentityHashMap<>();

    /** @param rtcpReceived told each RTCP datagram's sender and bytes, on the socket's event loop (bytes released after) */
    UdpSockets(NettyRuntime net, String host, BiConsumer<InetSocketAddress, ByteBuf> rtcpReceived) {
        Bootstrap bootstrap = new Bootstrap().group(net.workers()).channel(net.datagramChannelType())
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_HIGH_BYTES / 2, WRITE_BUFFER_HIGH_BYTES));
        segmentation = new UdpSegmentation(net.datagramChannelType());
        Channel[] pair = null;
        for (int attempt = 0; attempt < PAIR_ATTEMPTS && pair == null; attempt++) {
            Channel first = bootstrap.clone().handler(new Discard()).bind(host, 0).syncUninterruptibly().channel();
            int port = ((InetSocketAddress) first.localAddress()).getPort();
            if (port % 2 != 0 || port == 65534) {
                first.close().syncUninterruptibly();
                continue;
            }
            try {
                Channel second = bootstrap.clone().handler(new Received(rtcpReceived)).bind(host, port + 1)
                        .syncUninterruptibly().channel();
                pair = new Channel[] {first, second};
            } catch (RuntimeException e) { // the odd port is taken: try another pair
                first.close().syncUninterruptibly();
            }
        }
        if (pair == null) {
            throw new IllegalStateException("RTSP: found no free pair of UDP ports (even, odd) on " + host + " in "
                    + PAIR_ATTEMPTS + " tries; free some ports or serve RTSP over TCP only");
        }
        rtp = pair[0];
        rtp.pipeline().addFirst(segmentation);
        rtcp = pair[1];
        log.debug("RTSP: RTP on UDP {}, RTCP on UDP {} (segmentation offload {})", rtpPort(), rtcpPort(),
                segmentation.on() ? "on" : "off");
    }

    Channel rtp() {
        return rtp;
    }

    UdpSegmentation segmentation() {
        return segmentation;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    /**
     * The live fan-out of {@code stream}'s UDP viewers on the RTP socket ({@link UdpFanout}), made on first use and
     * forgotten when its last viewer leaves. On the RTP socket's event loop only.
     */
    UdpFanout fanout(RtpStream stream) {
        return fanouts.computeIfAbsent(stream, s -> new UdpFanout(rtp, s, segmentation, () -> fanouts.remove(s)));
    }

    void sendRtcp(byte[] packet, InetSocketAddress destination) {
        if (rtcp.isWritable()) {
            rtcp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), destination), rtcp.voidPromise());
        }
    }

    @Override
    public void close() {
        rtp.close().syncUninterruptibly();
        rtcp.close().syncUninterruptibly();
    }

    private static class Discard extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        }

        /** A send that failed (a client gone, the socket closing) concerns one datagram: never a log line each. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("RTSP: UDP send or receive failed: {}", cause.toString());
        }
    }

    private static final class Received extends Discard {
        private final BiConsumer<InetSocketAddress, ByteBuf> listener;

        Received(BiConsumer<InetSocketAddress, ByteBuf> listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            listener.accept(packet.sender(), packet.content());
        }
    }
}
