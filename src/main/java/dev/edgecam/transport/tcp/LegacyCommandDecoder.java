package dev.edgecam.transport.tcp;

import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Turns the legacy client's bytes into {@link Command}s, one per byte, because TCP may coalesce several
 * commands into one read ("30") or deliver them one by one. Bytes that are no command (a person typing
 * into {@code nc} sends spaces and newlines) are dropped here.
 */
final class LegacyCommandDecoder extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (bytes.isReadable()) {
                Command command = Command.fromByte(bytes.readByte());
                if (command != null) {
                    ctx.fireChannelRead(command);
                }
            }
        } finally {
            bytes.release();
        }
    }
}
