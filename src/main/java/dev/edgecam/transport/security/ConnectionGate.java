package dev.edgecam.transport.security;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.Cidr;
import dev.edgecam.security.access.ConnectionLimiter;
import dev.edgecam.security.access.RefusalLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The first handler of every connection: checks the peer's address against the allow-list and the client
 * limits the moment the connection is registered, before a single byte is read. An accepted connection
 * takes its place in the {@link ConnectionLimiter} until it closes, and the gate steps out of the pipeline.
 * A refused one is closed at once (after a short canned reply, for HTTP's "too many clients") and the gate
 * stays to swallow every later event, so the handlers behind it never see the connection at all.
 *
 * <p>One gate per transport, shared by all its connections.
 */
@ChannelHandler.Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private final String stage;
    private final AddressAllowList[] allowed;
    private final ConnectionLimiter limiter;
    private final RefusalLog refusals;
    private final byte[] overLimitReply;

    /**
     * @param stage the transport's log stage, e.g. {@code TCP} or {@code HTTP}
     * @param allowed the allow-lists a peer must pass, every one of them
     * @param overLimitReply bytes written before closing a connection refused by a limit (not by the
     *     allow-list, which gets nothing); null for none
     */
    public ConnectionGate(String stage, ConnectionLimiter limiter, RefusalLog refusals, byte[] overLimitReply,
                          AddressAllowList... allowed) {
        this.stage = stage;
        this.allowed = allowed;
        this.limiter = limiter;
        this.refusals = refusals;
        this.overLimitReply = overLimitReply;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer)) {
            // Not a network connection (an in-memory test channel): nothing to check.
            ctx.pipeline().remove(this);
            ctx.fireChannelRegistered();
            return;
        }
        InetAddress address = Cidr.normalize(peer.getAddress());
        for (AddressAllowList list : allowed) {
            if (!list.allows(address)) {
                refuse(ctx, address, "not in the allowed addresses (" + list + ")", null);
                return;
            }
        }
        String overLimit = limiter.tryAcquire(address);
        if (overLimit != null) {
            refuse(ctx, address, overLimit, overLimitReply);
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> limiter.release(address));
        ctx.pipeline().remove(this);
        ctx.fireChannelRegistered();
    }

    private void refuse(ChannelHandlerContext ctx, InetAddress address, String reason, byte[] reply) {
        ctx.channel().config().setAutoRead(false);
        refusals.refused(stage, address.getHostAddress(), reason);
        if (reply == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // A refused connection: nothing behind the gate ever hears of it.

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
