package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pump on an in-memory channel: which frame a new client gets first, and that nothing is sent twice or
 * counted as skipped when it was not.
 */
@Timeout(30)
class FramePumpTest {

    private final FrameHub hub = new FrameHub();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ClientInfo client = new ClientInfo("test", "127.0.0.1:1");
    private final FramePump pump = new FramePump(channel, hub, client, new FramePump.Policy() {
        @Override
        public boolean shouldSend(Frame newest) {
            return true;
        }

        @Override
        public Object encode(Frame frame) {
            return frame; // the embedded channel hands written objects back as they are
        }
    });

    @AfterEach
    void close() {
        pump.stop();
        channel.finishAndReleaseAll();
    }

    @Test
    void aStreamStartsWithTheCurrentFrameWhenItIsLive() {
        Frame live = publish(7, System.nanoTime());

        pump.start(true);

        assertThat(written()).isSameAs(live);
        assertThat(client.framesSkipped()).as("frames before it were never this client's").isZero();
        Frame next = publish(8, System.nanoTime());
        assertThat(written()).isSameAs(next);
        assertThat(written()).as("each frame once").isNull();
        assertThat(client.framesSent()).as("counted when each write completed").isEqualTo(2);
        assertThat(client.bytesSent()).isEqualTo(live.size() + next.size());
    }

    @Test
    void aStreamWaitsForTheNextFrameWhenTheCurrentOneIsOld() {
        publish(7, System.nanoTime() - 2 * FramePump.CURRENT_FRAME_MAX_AGE_NANOS);

        pump.start(true);

        assertThat(written()).as("a frame left by an idle capture loop shows the past").isNull();
        Frame next = publish(8, System.nanoTime());
        assertThat(written()).isSameAs(next);
        assertThat(client.framesSkipped()).isZero();
    }

    @Test
    void aSingleFrameIsAlwaysOneCapturedAfterTheRequest() {
        publish(7, System.nanoTime());

        pump.start(false);

        assertThat(written()).as("the legacy 0 and snapshots promise a frame captured after asking").isNull();
        Frame next = publish(8, System.nanoTime());
        assertThat(written()).isSameAs(next);
    }

    @Test
    void aStreamStartedAgainDoesNotResendTheFrameItAlreadySent() {
        Frame first = publish(7, System.nanoTime());
        pump.start(true);
        assertThat(written()).isSameAs(first);
        pump.stop();

        pump.start(true);

        assertThat(written()).isNull();
        Frame next = publish(8, System.nanoTime());
        assertThat(written()).isSameAs(next);
    }

    private Frame publish(long sequence, long captureNanos) {
        Frame frame = new Frame(sequence, captureNanos, 0, 2, 2, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) sequence});
        hub.publish(frame);
        channel.runPendingTasks();
        return frame;
    }

    private Frame written() {
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
