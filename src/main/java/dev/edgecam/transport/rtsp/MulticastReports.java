package dev.edgecam.transport.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver reports of a multicast group's viewers: RFC 3550 has receivers send their RTCP to the group's RTCP
 * port, so this socket binds that port and joins the group on the sending interface, and hands each datagram (with
 * its sender) to a listener, which gives it to that viewer's session. Best effort: a port already taken or a join
 * refused costs the viewers' {@code reception} in {@code /state}, never the stream (logged once).
 */
final class MulticastReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MulticastReports.class);

    private final Channel channel;

    private MulticastReports(Channel channel) {
        this.channel = channel;
    }

    /**
     * Starts listening (a failure to bind or join is logged), or returns null (logged) without an interface.
     *
     * @param received told each datagram's sender and bytes on the socket's event loop (bytes released after)
     */
    static MulticastReports open(EventLoopGroup loops, ChannelFactory<DatagramChannel> factory,
                                 InetSocketAddress rtcpGroup, NetworkInterface sendingInterface,
                                 BiConsumer<InetSocketAddress, ByteBuf> received) {
        if (sendingInterface == null) {
            log.info("RTSP: multicast receiver reports to {} are not read: serve with --host ADDRESS to name the"
                    + " interface to join the group on", rtcpGroup);
            return null;
        }
        // Not waited for: this runs on a connection's event loop, which may be the new socket's.
        ChannelFuture bound = new Bootstrap().group(loops).channelFactory(factory)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        received.accept(packet.sender(), packet.content());
                    }
                })
                .bind(new InetSocketAddress(rtcpGroup.getPort()));
        DatagramChannel channel = (DatagramChannel) bound.channel();
        bound.addListener(done -> {
            if (!done.isSuccess()) {
                log.warn("RTSP: multicast receiver reports to {} are not read: {}", rtcpGroup, done.cause().toString());
                return;
            }
            channel.joinGroup(rtcpGroup, sendingInterface).addListener(joined -> {
                if (!joined.isSuccess()) {
                    log.warn("RTSP: cannot join {} on {} for receiver reports: {}", rtcpGroup,
                            sendingInterface.getName(), joined.cause().toString());
                }
            });
        });
        return new MulticastReports(channel);
    }

    @Override
    public void close() {
        channel.close();
    }
}
