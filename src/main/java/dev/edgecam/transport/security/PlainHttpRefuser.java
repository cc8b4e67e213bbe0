package dev.edgecam.transport.security;

import dev.edgecam.security.access.RefusalLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Sits in front of the TLS handler on the HTTPS port and looks at the first bytes of a connection once: a TLS
 * record goes on to the TLS handler (and this handler leaves the pipeline); anything else is answered, in plain
 * text, with a 400 that says to use {@code https://}, then closed. Without it a browser or curl pointed at
 * {@code http://} got an empty reply and no hint why.
 */
final class PlainHttpRefuser extends ByteToMessageDecoder {

    /** A TLS record header is 5 bytes: enough to tell TLS from anything else. */
    private static final int RECORD_HEADER_BYTES = 5;
    private static final byte[] USE_HTTPS = AccessControl.cannedHttpReply("400 Bad Request",
            "edgecam: this port speaks HTTPS only; use https:// with the same host and port\n");

    private final RefusalLog refusals;

    PlainHttpRefuser(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER_BYTES) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().remove(this); // hands the bytes read so far on to the TLS handler
            return;
        }
        in.skipBytes(in.readableBytes());
        refusals.refused("HTTP", Peers.host(ctx.channel().remoteAddress()), "plain HTTP on the HTTPS port");
        ctx.writeAndFlush(Unpooled.wrappedBuffer(USE_HTTPS)).addListener(ChannelFutureListener.CLOSE);
    }
}
