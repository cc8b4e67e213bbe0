package dev.edgecam.transport.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A binary packet interleaved in an RTSP connection ({@code $}, channel, length, packet). Inbound, from
 * {@link InterleavedSplitter}: {@link #content()} is the packet alone. Outbound, to {@link InterleavedWriter}:
 * {@code content()} is already framed (one or more {@code $} packets), so a frame's shared bytes go out as they are.
 */
final class InterleavedPacket extends DefaultByteBufHolder {

    private final int channel;

    InterleavedPacket(int channel, ByteBuf content) {
        super(content);
        this.channel = channel;
    }

    int channel() {
        return channel;
    }

    /** {@code packet} framed for channel {@code channel}, in a new buffer. */
    static InterleavedPacket framed(int channel, byte[] packet) {
        ByteBuf framed = io.netty.buffer.Unpooled.buffer(4 + packet.length);
        framed.writeByte('$').writeByte(channel).writeShort(packet.length).writeBytes(packet);
        return new InterleavedPacket(channel, framed);
    }
}
