package dev.edgecam.transport.rtsp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the RTP socket sends a frame's runs of packets with UDP segmentation offload ({@link UdpPackets}): on where
 * the epoll transport and the kernel support it (Linux 4.18 and later), unless the system property
 * {@value #PROPERTY} is {@code false} (for a side-by-side benchmark, or a network where it misbehaves); off for good
 * after the first send that fails while it is on: an old kernel refuses it on a network card without checksum
 * offload, and a path whose MTU is under a packet's size refuses it too. One failure costs a frame, not the stream.
 *
 * <p>A handler in the socket's pipeline: failed writes (void promises) arrive here as exceptions, which it passes on.
 */
final class UdpSegmentation extends ChannelInboundHandlerAdapter {

    static final String PROPERTY = "edgecam.rtp.segmentation";
    private static final Logger log = LoggerFactory.getLogger(UdpSegmentation.class);

    private volatile boolean on;

    /** @param channelType the socket's class: segmentation exists for epoll's datagram channel only */
    UdpSegmentation(Class<? extends DatagramChannel> channelType) {
        this.on = channelType == EpollDatagramChannel.class && SegmentedDatagramPacket.isSupported()
                && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    boolean on() {
        return on;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (on) {
            on = false;
            log.warn("RTSP: a UDP send with segmentation offload failed ({}); sending each RTP packet on its own from"
                    + " now on", cause.toString());
        }
        ctx.fireExceptionCaught(cause);
    }
}
