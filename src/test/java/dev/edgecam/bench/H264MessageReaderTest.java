package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.h264.H264SocketProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader of the page's H.264 messages, in memory: frames counted by their headers, or a named failure. */
@Timeout(10)
class H264MessageReaderTest {

    private final MeasureWindow window = new MeasureWindow();
    private final ClientProbe probe = new ClientProbe(BenchTarget.parse("ws://127.0.0.1:8080/h264", null, false), window,
            new CountDownLatch(1), System.nanoTime());
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new H264MessageReader(probe, window, new EpochClock(), Duration.ofSeconds(5)));

    H264MessageReaderTest() {
        window.open(System.nanoTime() - 1);
    }

    @Test
    void framesFromAKeyframeAreCountedWithTheirGapsAndLatency() {
        long now = System.currentTimeMillis() * 1000;
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"stream\",\"format\":\"annexb\"}"));
        channel.writeInbound(frame(true, now - 40_000, 7), frame(false, now - 30_000, 8), frame(true, now - 20_000, 11));

        assertThat(probe.failure()).isNull();
        assertThat(probe.framesInWindow()).isEqualTo(3);
        assertThat(probe.skippedInWindow()).as("9 and 10").isEqualTo(2);
        assertThat(probe.latencies().size()).isEqualTo(3);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aFirstFrameThatIsNoKeyframeEndsTheConnectionWithTheReason() {
        channel.writeInbound(frame(false, System.currentTimeMillis() * 1000, 3));

        assertThat(probe.failure()).isEqualTo("ws://127.0.0.1:8080/h264 sent frame #3 first, and it is no keyframe:"
                + " a decoder could not show it");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aFrameAfterAGapThatIsNoKeyframeEndsTheConnection() {
        long now = System.currentTimeMillis() * 1000;
        channel.writeInbound(frame(true, now, 1), frame(false, now, 3));

        assertThat(probe.failure()).contains("sent frame #3 after #1, and it is no keyframe");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMessageWithoutTheHeaderIsNamed() {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {9, 1, 2})));

        assertThat(probe.failure()).contains("a binary message of 3 bytes from ws://127.0.0.1:8080/h264 has no version 1"
                + " header of 18 bytes");
    }

    @Test
    void aSocketClosedBeforeTheFirstFrameSaysTheServerMakesNoH264() {
        channel.close();

        assertThat(probe.failure()).startsWith("ws://127.0.0.1:8080/h264 closed the WebSocket before the first H.264"
                + " frame: does this camera make H.264?");
    }

    private static BinaryWebSocketFrame frame(boolean keyframe, long captureMicros, long sequence) {
        byte[] header = H264SocketProtocol.header(keyframe, captureMicros, sequence);
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(header, new byte[] {0, 0, 0, 1, 0x65}));
    }
}
