package dev.edgecam.transport.security;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import javax.net.ssl.SSLException;

/**
 * Sits right after the TLS handler: a peer that speaks plain HTTP to the HTTPS port, or fails the handshake
 * (it does not trust the certificate, or probes with junk), is closed and logged once per address and minute,
 * instead of reaching the HTTP handlers as an error with a stack trace.
 */
final class TlsFailureCloser extends ChannelInboundHandlerAdapter {

    private final RefusalLog refusals;

    TlsFailureCloser(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (tls instanceof SSLException) {
            refusals.refused("HTTP", Peers.host(ctx.channel().remoteAddress()),
                    "TLS failed: " + tls.getMessage().replaceAll("not an SSL/TLS record: .*", "not an SSL/TLS record (plain HTTP?)"));
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
