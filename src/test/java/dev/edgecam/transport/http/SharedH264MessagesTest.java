package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.Fmp4Fragmenter;
import dev.edgecam.media.Fmp4Timeline;
import dev.edgecam.testing.H264TestStream;
import dev.edgecam.wire.h264.H264SocketProtocol;
import dev.edgecam.wire.h264.H264SocketProtocol.Format;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each frame's message is built once per format and shared: every viewer's message is a view of the same direct
 * memory, with the bytes the protocol says; the cache stays bounded and releases what it evicts, and messages handed
 * out stay valid until their writes release them, after the cache is closed too.
 */
class SharedH264MessagesTest {

    private final SharedH264Messages messages = new SharedH264Messages();

    @Test
    void everyViewerGetsTheSameMemoryWithTheProtocolsBytes() throws Exception {
        Frame keyframe = frame(1, 0);
        BinaryWebSocketFrame first = messages.message(keyframe, Format.ANNEXB, 30);
        BinaryWebSocketFrame second = messages.message(keyframe, Format.ANNEXB, 30);
        try {
            assertThat(first.content().isDirect()).isTrue();
            assertThat(first.content().unwrap()).as("one buffer for both viewers").isSameAs(second.content().unwrap());
            byte[] bytes = ByteBufUtil.getBytes(first.content());
            assertThat(H264SocketProtocol.keyframe(bytes)).isTrue();
            assertThat(H264SocketProtocol.sequence(bytes)).isEqualTo(1);
            assertThat(H264SocketProtocol.captureEpochMicros(bytes)).isEqualTo(keyframe.captureEpochMicros());
            assertThat(Arrays.copyOfRange(bytes, H264SocketProtocol.HEADER_BYTES, bytes.length)).isEqualTo(keyframe.bytes());

            BinaryWebSocketFrame fragment = messages.message(keyframe, Format.FMP4, 30);
            assertThat(ByteBufUtil.getBytes(fragment.content())).isEqualTo(Fmp4Fragmenter.fragment(keyframe,
                    new Fmp4Timeline().place(keyframe, 3000)));
            fragment.release();
            assertThat(messages.params(keyframe, Format.ANNEXB, 30).width()).isEqualTo(1280);
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void theCacheIsBoundedAndMessagesOutliveItsEvictionsAndItsClose() throws Exception {
        List<BinaryWebSocketFrame> handedOut = new ArrayList<>();
        List<ByteBuf> buffers = new ArrayList<>();
        for (int i = 0; i < SharedH264Messages.CACHED_FRAMES * 3; i++) {
            BinaryWebSocketFrame message = messages.message(frame(i + 1, i), Format.ANNEXB, 30);
            handedOut.add(message);
            buffers.add(message.content().unwrap());
        }
        assertThat(buffers.get(0).refCnt()).as("evicted: only the viewer's reference left").isEqualTo(1);
        assertThat(buffers.get(buffers.size() - 1).refCnt()).as("cached and handed out").isEqualTo(2);
        messages.close();
        messages.close(); // idempotent
        assertThat(handedOut).allSatisfy(message -> assertThat(message.content().readableBytes()).isPositive());
        handedOut.forEach(BinaryWebSocketFrame::release);
        assertThat(buffers).allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());

        BinaryWebSocketFrame afterClose = messages.message(frame(100, 0), Format.FMP4, 30);
        ByteBuf buffer = afterClose.content().unwrap();
        afterClose.release();
        assertThat(buffer.refCnt()).as("nothing cached after close").isZero();
    }

    /** Frame {@code sequence} of the test stream's access unit {@code index} (0: a keyframe). */
    private static Frame frame(long sequence, int index) throws Exception {
        byte[] unit = H264TestStream.accessUnits().get(index);
        return Frame.h264(sequence, 0, 1_796_000_000_000_000L + sequence * 33_333, 1280, 720,
                H264TestStream.isKeyframe(unit), unit);
    }
}
