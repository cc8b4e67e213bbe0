package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exact bytes in, exact RTSP messages and interleaved packets out, however the bytes are cut. */
class InterleavedSplitterTest {

    private static final String OPTIONS = "OPTIONS rtsp://h/cam0 RTSP/1.0\r\nCSeq: 1\r\n\r\n";
    private static final String WITH_BODY = "GET_PARAMETER rtsp://h/cam0 RTSP/1.0\r\nCSeq: 2\r\ncontent-length: 5\r\n\r\nhello";

    @Test
    void splitsMessagesAndPacketsCutAtEveryByte() {
        byte[] all = concat(OPTIONS.getBytes(StandardCharsets.US_ASCII), new byte[] {'$', 1, 0, 3, 7, 8, 9},
                WITH_BODY.getBytes(StandardCharsets.US_ASCII));
        for (int cut = 0; cut <= all.length; cut++) {
            EmbeddedChannel channel = new EmbeddedChannel(new InterleavedSplitter());
            channel.writeInbound(Unpooled.wrappedBuffer(all, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(all, cut, all.length - cut));
            ByteBuf first = channel.readInbound();
            assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo(OPTIONS);
            first.release();
            InterleavedPacket packet = channel.readInbound();
            assertThat(packet.channel()).isEqualTo(1);
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(packet.content())).containsExactly(7, 8, 9);
            packet.release();
            ByteBuf third = channel.readInbound();
            assertThat(third.toString(StandardCharsets.US_ASCII)).isEqualTo(WITH_BODY);
            third.release();
            assertThat((Object) channel.readInbound()).as("nothing more").isNull();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aHeadWithoutEndOrAHugeBodyClosesTheConnection() {
        EmbeddedChannel endless = new EmbeddedChannel(new InterleavedSplitter());
        endless.writeInbound(Unpooled.wrappedBuffer(new byte[InterleavedSplitter.MAX_HEAD_BYTES + 10]));
        assertThat(endless.isOpen()).isFalse();
        EmbeddedChannel huge = new EmbeddedChannel(new InterleavedSplitter());
        huge.writeInbound(Unpooled.copiedBuffer("SET_PARAMETER * RTSP/1.0\r\nContent-Length: 99999999\r\n\r\n",
                StandardCharsets.US_ASCII));
        assertThat(huge.isOpen()).isFalse();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
