package dev.edgecam.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;

/**
 * One RTSP viewer's own UDP ports: RTP on an even port and RTCP on the next (RFC 3550's pair), bound on the loopback
 * or any address of the viewer's event loop, handing each datagram to the viewer's {@link RtpCounter}.
 */
final class UdpRtpPorts {

    /** Pairs tried before giving up: the odd port next to a free even one may be taken. */
    static final int BIND_ATTEMPTS = 20;
    /** Enough for the largest RTP packet a sender makes (payloads of at most 1400 bytes here, 1500 on Ethernet). */
    static final int RECEIVE_BUFFER_BYTES = 2048;
    /** With receive offload, a read holds a whole run of packets: up to an IP datagram's 64 KiB. */
    static final int GRO_RECEIVE_BUFFER_BYTES = 65536;

    private final Class<? extends DatagramChannel> channelType;
    private final InetAddress local;
    private final byte[] scratch = new byte[65536];
    private Channel rtp;
    private Channel rtcp;

    UdpRtpPorts(Class<? extends DatagramChannel> channelType, InetAddress local) {
        this.channelType = channelType;
        this.local = local;
    }

    int rtpPort() {
        return ((java.net.InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((java.net.InetSocketAddress) rtcp.localAddress()).getPort();
    }

    /** Binds the pair on {@code loop}; the future ends when both are bound, or with why not. */
    Future<Void> bind(EventLoop loop, RtpCounter counter, ClientProbe probe) {
        Promise<Void> done = loop.newPromise();
        tryPair(loop, counter, probe, done, 1);
        return done;
    }

    private void tryPair(EventLoop loop, RtpCounter counter, ClientProbe probe, Promise<Void> done, int attempt) {
        bootstrap(loop, counter, probe, false).bind(local, 0).addListener((ChannelFuture rtpBound) -> {
            if (!rtpBound.isSuccess()) {
                done.tryFailure(rtpBound.cause());
                return;
            }
            int port = ((java.net.InetSocketAddress) rtpBound.channel().localAddress()).getPort();
            if (port % 2 != 0 || port == 65535) {
                rtpBound.channel().close();
                retry(loop, counter, probe, done, attempt, "no even port");
                return;
            }
            bootstrap(loop, counter, probe, true).bind(local, port + 1).addListener((ChannelFuture rtcpBound) -> {
                if (!rtcpBound.isSuccess()) {
                    rtpBound.channel().close();
                    retry(loop, counter, probe, done, attempt, rtcpBound.cause().getMessage());
                    return;
                }
                rtp = rtpBound.channel();
                rtcp = rtcpBound.channel();
                done.trySuccess(null);
            });
        });
    }

    private void retry(EventLoop loop, RtpCounter counter, ClientProbe probe, Promise<Void> done, int attempt, String why) {
        if (attempt >= BIND_ATTEMPTS) {
            done.tryFailure(new java.io.IOException("no free even/odd port pair in " + BIND_ATTEMPTS + " tries (" + why + ")"));
        } else {
            tryPair(loop, counter, probe, done, attempt + 1);
        }
    }

    private Bootstrap bootstrap(EventLoop loop, RtpCounter counter, ClientProbe probe, boolean isRtcp) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelType)
                .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
                        new io.netty.channel.FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
                .option(io.netty.channel.ChannelOption.SO_RCVBUF, 1 << 20);
        if (!isRtcp && channelType == io.netty.channel.epoll.EpollDatagramChannel.class) {
            // Generic receive offload: a run of packets a sender wrote at once (UDP_SEGMENT) comes up in one read,
            // which Netty splits into its datagrams, as a NIC's GRO does; 50 viewers in one event loop then read a
            // frame in a few syscalls each instead of one per packet, so the generator's own work stays out of the
            // latency it measures.
            bootstrap.option(io.netty.channel.epoll.EpollChannelOption.UDP_GRO, true)
                    .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
                            new io.netty.channel.FixedRecvByteBufAllocator(GRO_RECEIVE_BUFFER_BYTES));
        }
        return bootstrap.handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) throws Exception {
                        long now = System.nanoTime();
                        int length = packet.content().readableBytes();
                        probe.bytesReceived(now, length);
                        packet.content().getBytes(packet.content().readerIndex(), scratch, 0, length);
                        if (isRtcp) {
                            counter.rtcp(scratch, length);
                        } else {
                            counter.rtp(scratch, length, now);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        probe.failed("UDP receive failed: " + cause.getMessage());
                    }
                });
    }

    /** Closes both ports. Idempotent. */
    void close() {
        if (rtp != null) {
            rtp.close();
        }
        if (rtcp != null) {
            rtcp.close();
        }
    }
}
