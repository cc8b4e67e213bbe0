package dev.edgecam.transport.rtsp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Sends framed {@link InterleavedPacket}s as their bytes. It sits between the socket and Netty's {@code RtspEncoder},
 * which would refuse raw bytes between responses; the wrapper lets RTP pass the encoder untouched.
 */
final class InterleavedWriter extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof InterleavedPacket packet ? packet.content() : msg, promise);
    }
}
