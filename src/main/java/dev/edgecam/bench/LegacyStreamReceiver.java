package dev.edgecam.bench;

import dev.edgecam.wire.legacy.LegacyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

/**
 * Watches a legacy TCP stream: sends {@code 3} (stream mode), then reads only the 4-byte length of each
 * frame and skips its JPEG bytes. The protocol carries no sequence number and no capture time, so this
 * receiver reports neither skipped frames nor latency (see docs/benchmarks.md).
 */
final class LegacyStreamReceiver extends StreamReceiver {

    private final int maxFrameBytes;
    private int headerBytesRead;
    private long length;
    private long payloadLeft;

    LegacyStreamReceiver(ClientProbe probe, MeasureWindow window, int maxFrameBytes) {
        super(probe, window);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected ByteBuf request(ChannelHandlerContext ctx) {
        return Unpooled.wrappedBuffer(new byte[] {LegacyProtocol.Command.START_STREAM.wire()});
    }

    @Override
    protected void parse(ChannelHandlerContext ctx, ByteBuf in, long nowNanos) throws BenchProtocolException {
        while (in.isReadable()) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, in.readableBytes());
                in.skipBytes(skip);
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    probe.frameReceived(nowNanos, -1, -1);
                }
                continue;
            }
            length = (length << 8) | in.readUnsignedByte();
            if (++headerBytesRead == LegacyProtocol.HEADER_BYTES) {
                if (length == 0 || length > maxFrameBytes) {
                    throw new BenchProtocolException("the server announced a frame of " + length
                            + " bytes; a legacy frame has 1 to " + maxFrameBytes + " (is this a legacy edgecam port?)");
                }
                payloadLeft = length;
                headerBytesRead = 0;
                length = 0;
            }
        }
    }
}
