package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.FramePump.Follow;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pump on an in-memory channel, with the test's own clock: which frame a client gets first, and that nothing
 * is sent twice or counted as skipped when it was not.
 */
@Timeout(30)
class FramePumpTest {

    private static final long MILLIS = 1_000_000L;

    private final FrameHub hub = new FrameHub();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ClientInfo client = new ClientInfo(TransportKind.TCP, "127.0.0.1:1");
    private long now = 1_000_000 * MILLIS;
    /** What the transport's policy answers; a legacy client's owed single frame refuses frames captured before it asked. */
    private boolean policySends = true;
    private final FramePump pump = new FramePump(channel, hub, client, new FramePump.Policy() {
        @Override
        public boolean shouldSend(Frame newest) {
            return policySends;
        }

        @Override
        public Object encode(Frame frame) {
            return frame; // the embedded channel hands written objects back as they are
        }
    }, () -> now);

    @AfterEach
    void close() {
        pump.stop();
        channel.finishAndReleaseAll();
    }

    @Test
    void aStreamStartsWithTheCurrentFrameWhenItIsLive() {
        Frame live = publish(7, now - 20 * MILLIS);

        pump.start(Follow.STREAM);

        assertThat(written()).isSameAs(live);
        assertThat(client.framesSkipped()).as("frames before it were never this client's").isZero();
        Frame next = publish(8, now);
        assertThat(written()).isSameAs(next);
        assertThat(written()).as("each frame once").isNull();
        assertThat(client.framesSent()).as("counted when each write completed").isEqualTo(2);
        assertThat(client.bytesSent()).as("the sizes of those two frames").isEqualTo(live.size() + next.size());
    }

    @Test
    void aStreamWaitsForTheNextFrameWhenTheCurrentOneIsOld() {
        publish(7, now - 2 * FramePump.MIN_LIVE_AGE_NANOS);

        pump.start(Follow.STREAM);

        assertThat(written()).as("a frame left by an idle capture loop shows the past").isNull();
        Frame next = publish(8, now);
        assertThat(written()).isSameAs(next);
        assertThat(client.framesSkipped()).isZero();
    }

    @Test
    void aSlowSourcesFrameIsLiveForTwoOfItsIntervalsUpToOneSecond() {
        publish(1, now - 1_300 * MILLIS);
        Frame slow = publish(2, now - 800 * MILLIS); // 2 fps, like the "no signal" feed: live for 1 s

        pump.start(Follow.STREAM);

        assertThat(written()).isSameAs(slow);
    }

    @Test
    void aFrameAfterALongIdleIsNotLiveForLongerThanOneSecond() {
        publish(1, now - 60_000 * MILLIS);
        publish(2, now - 1_200 * MILLIS); // an interval of a minute must not make a 1.2 s old frame live

        pump.start(Follow.STREAM);

        assertThat(written()).isNull();
    }

    @Test
    void aCappedStreamAlsoStartsWithTheLiveFrameButCountsNoSkips() {
        Frame live = publish(7, now);

        pump.start(Follow.CAPPED_STREAM);

        assertThat(written()).isSameAs(live);
        Frame afterGap = publish(9, now); // 8 never reached this client: a gap a capped stream does not count
        assertThat(written()).isSameAs(afterGap);
        assertThat(client.framesSkipped()).isZero();
    }

    @Test
    void singleFramesAreAlwaysCapturedAfterTheRequest() {
        publish(7, now);

        pump.start(Follow.NEXT_FRAMES);

        assertThat(written()).as("the legacy 0 and snapshots promise a frame captured after asking").isNull();
        Frame next = publish(8, now);
        assertThat(written()).isSameAs(next);
    }

    @Test
    void aStreamAskedForWhileASingleFrameIsOwedSendsTheLiveFrameAtOnceWithoutAFalseSkip() {
        publish(7, now);
        policySends = false; // a legacy 0 is owed, and refuses a frame captured before it was asked
        pump.start(Follow.NEXT_FRAMES);
        Frame live = publish(8, now);
        assertThat(written()).isNull();

        policySends = true;
        pump.start(Follow.STREAM); // then a legacy 3

        assertThat(written()).as("the live frame at once, not left to be counted as skipped").isSameAs(live);
        Frame next = publish(9, now);
        assertThat(written()).isSameAs(next);
        assertThat(client.framesSkipped()).isZero();
    }

    @Test
    void aStreamStartedAgainSendsTheNewestFrameOnceAndCountsNoSkipsForTheTimeItWasStopped() {
        Frame first = publish(7, now);
        pump.start(Follow.STREAM);
        assertThat(written()).isSameAs(first);
        pump.stop(); // legacy q
        publish(8, now);
        Frame newest = publish(9, now);

        pump.start(Follow.STREAM); // legacy 3 again

        assertThat(written()).isSameAs(newest);
        assertThat(written()).isNull();
        assertThat(client.framesSkipped()).as("8 came while the client was not streaming").isZero();
        pump.stop();
        pump.start(Follow.STREAM);
        assertThat(written()).as("a frame already sent is not sent again").isNull();
    }

    /** Publishes a frame of its own length (sequence + 2 bytes) and runs the wake-up it queued. */
    private Frame publish(long sequence, long captureNanos) {
        byte[] jpeg = new byte[(int) sequence + 2];
        Arrays.fill(jpeg, (byte) sequence);
        Frame frame = new Frame(sequence, captureNanos, 0, 2, 2, jpeg);
        hub.publish(frame);
        channel.runPendingTasks();
        return frame;
    }

    private Frame written() {
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
