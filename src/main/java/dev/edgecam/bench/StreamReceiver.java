package dev.edgecam.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/**
 * The part every benchmark connection shares: counts the bytes that arrive, hands them to the protocol's
 * parser, and records why a connection ended early. Parsers look only at framing; they skip payload
 * bytes in place, never copy or decode them.
 */
abstract class StreamReceiver extends ChannelInboundHandlerAdapter {

    protected final ClientProbe probe;
    private final MeasureWindow window;

    StreamReceiver(ClientProbe probe, MeasureWindow window) {
        this.probe = probe;
        this.window = window;
    }

    /** Consumes what {@code in} holds; calls {@link ClientProbe#frameReceived} for every whole frame. */
    protected abstract void parse(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) throws BenchProtocolException;

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            long now = System.nanoTime();
            probe.bytesReceived(now, in.readableBytes());
            parse(ctx, in, now);
        } catch (BenchProtocolException e) {
            probe.failed(e.getMessage());
            ctx.close();
        } finally {
            in.release();
        }
    }

    /** Records the moment the connection is up, then asks for the stream. */
    @Override
    public final void channelActive(ChannelHandlerContext ctx) {
        String local = ctx.channel().localAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(ctx.channel().localAddress());
        probe.connected(System.nanoTime(), local);
        ctx.writeAndFlush(request(ctx));
        ctx.fireChannelActive();
    }

    /** What to send once connected to start the stream. */
    protected abstract ByteBuf request(ChannelHandlerContext ctx);

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!window.isClosed(System.nanoTime())) {
            probe.failed("the server closed the connection");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        probe.failed("connection error: " + cause.getMessage());
        ctx.close();
    }
}
