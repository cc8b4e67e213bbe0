package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264Units;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GOP hub in memory: exact frames in, exact frames out per subscriber. Frames are numbered 1, 2, 3... in
 * publish order, so a subscriber's frames decode when each is a keyframe or follows the one before it.
 */
@Timeout(30)
class GopHubTest {

    private GopHub hub = new GopHub(GopHub.Limits.DEFAULT);
    private long sequence;

    @Test
    void aSubscriberThatKeepsUpGetsEveryFrameInOrder() {
        GopHub.Subscriber subscriber = hub.subscribe(frame -> { });
        List<Long> got = new ArrayList<>();

        for (char kind : "KPPKPP".toCharArray()) {
            publish(kind);
            got.addAll(drain(subscriber));
        }

        assertThat(got).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(subscriber.framesSkipped()).isZero();
    }

    @Test
    void aLateJoinerStartsAtTheCachedKeyframeWithTheGopSoFar() {
        publish("KPPKPP");

        GopHub.Subscriber joiner = hub.subscribe(frame -> { });

        assertThat(drain(joiner)).as("from the newest keyframe, not the next one the encoder makes").containsExactly(4L, 5L, 6L);
        publish("P");
        assertThat(drain(joiner)).containsExactly(7L);
        assertThat(joiner.framesSkipped()).as("frames before it joined were never its own").isZero();
    }

    @Test
    void releasedCacheStartsLaterViewersAtTheNextKeyframeAndMovesALaggingOneThere() {
        publish("KPP");
        GopHub.Subscriber lagging = hub.subscribe(frame -> { });
        assertThat(drain(lagging)).hasSize(3);
        publish("P"); // frame 4: not yet read by lagging

        hub.releaseCache(); // the producer stopped: nobody watched for a while

        assertThat(hub.retainedFrames()).isZero();
        assertThat(hub.keyframeWanted()).as("an encoder should force one now").isTrue();
        GopHub.Subscriber later = hub.subscribe(frame -> { });
        assertThat(drain(later)).as("no pictures of the past").isEmpty();
        publish("KP");
        assertThat(drain(later)).containsExactly(5L, 6L);
        assertThat(drain(lagging)).containsExactly(5L, 6L);
    }

    @Test
    void aSubscriberBeforeAnyKeyframeWaitsForOneWithoutCountingSkips() {
        publish("PP"); // a stream picked up in the middle of a GOP
        GopHub.Subscriber subscriber = hub.subscribe(frame -> { });
        assertThat(hub.keyframeWanted()).isTrue();
        assertThat(drain(subscriber)).isEmpty();

        publish("PKP");

        assertThat(drain(subscriber)).containsExactly(4L, 5L);
        assertThat(subscriber.framesSkipped()).isZero();
        assertThat(hub.keyframeWanted()).isFalse();
    }

    @Test
    void aSlowSubscriberSkipsToTheNewestKeyframeNeverToAFrameAfterAGap() {
        GopHub.Subscriber slow = hub.subscribe(frame -> { });
        publish("KP");
        assertThat(drain(slow)).containsExactly(1L, 2L);

        publish("PPKPPKP"); // 3..9 while the subscriber does not read

        assertThat(drain(slow)).as("3..7 are gone with their GOPs; 8 is the newest keyframe").containsExactly(8L, 9L);
        assertThat(slow.framesSkipped()).isEqualTo(5);
    }

    @Test
    void aSubscriberInTheMiddleOfTheCurrentGopIsNotMovedByAKeyframe() {
        GopHub.Subscriber subscriber = hub.subscribe(frame -> { });
        publish("KPP");
        assertThat(subscriber.next().sequence()).isEqualTo(1);

        publish("P"); // 2..4 unread, all still in the current GOP

        assertThat(drain(subscriber)).containsExactly(2L, 3L, 4L);
        assertThat(subscriber.framesSkipped()).isZero();
    }

    @Test
    void aSubscriberMoreThanTheFrameBoundBehindWaitsForTheNextKeyframe() {
        hub = new GopHub(new GopHub.Limits(4, 1L << 20));
        GopHub.Subscriber behind = hub.subscribe(frame -> { });
        publish("K");
        assertThat(drain(behind)).containsExactly(1L);

        publish("PPPPPP"); // 2..7: the GOP outgrows 4 frames and its keyframe leaves the buffer

        assertThat(hub.keyframeWanted()).as("an encoder may be asked for a keyframe").isTrue();
        assertThat(drain(behind)).as("2 left the buffer; nothing after it decodes without it").isEmpty();
        publish("P");
        assertThat(drain(behind)).isEmpty();
        publish("KP");
        assertThat(drain(behind)).containsExactly(9L, 10L);
        assertThat(behind.framesSkipped()).as("2..8").isEqualTo(7);
        assertThat(hub.keyframeWanted()).isFalse();
    }

    @Test
    void aLongGopStaysWithinBothBoundsAndNewSubscribersWaitForTheNextKeyframe() {
        hub = new GopHub(new GopHub.Limits(50, 10_000));
        GopHub.Subscriber keepingUp = hub.subscribe(frame -> { });
        List<Long> got = new ArrayList<>();
        publish('K');
        for (int i = 0; i < 1_000; i++) {
            publish(i % 3 == 0 ? 'p' : 'P'); // 'p': a big P-frame, so both bounds come into play
            got.addAll(drain(keepingUp));
            assertThat(hub.retainedFrames()).isLessThanOrEqualTo(50);
            assertThat(hub.retainedBytes()).isLessThanOrEqualTo(10_000);
        }

        assertThat(got).as("a subscriber that keeps up loses nothing to the bounds").hasSize(1_001);
        assertThat(hub.overflows()).isEqualTo(1);
        assertThat(hub.keyframeWanted()).isTrue();
        GopHub.Subscriber joiner = hub.subscribe(frame -> { });
        assertThat(drain(joiner)).isEmpty();
        publish("PK");
        assertThat(drain(joiner)).containsExactly(1_003L);
        assertThat(hub.retainedFrames()).as("the keyframe released the old GOP").isEqualTo(1);
        assertThat(hub.keyframeWanted()).isFalse();
    }

    @Test
    void aFrameLargerThanTheByteBoundIsKeptAlone() {
        hub = new GopHub(new GopHub.Limits(10, 100));
        publish("KP");

        hub.publish(H264Units.frame(++sequence, true, 500));

        assertThat(hub.retainedFrames()).isEqualTo(1);
        assertThat(drain(hub.subscribe(frame -> { }))).containsExactly(3L);
    }

    @Test
    void listenersAreWokenAfterTheFrameCanBeTakenAndOneFailingListenerStopsNobody() {
        List<Long> takenWhenWoken = new ArrayList<>();
        hub.subscribe(frame -> {
            throw new IllegalStateException("a broken client");
        });
        GopHub.Subscriber[] reader = new GopHub.Subscriber[1];
        reader[0] = hub.subscribe(frame -> takenWhenWoken.add(reader[0].next().sequence()));

        publish("KP");

        assertThat(takenWhenWoken).containsExactly(1L, 2L);
    }

    @Test
    void subscribersAreTheDemandAndCloseIsIdempotent() {
        AtomicInteger wakes = new AtomicInteger();
        assertThat(hub.hasDemand()).isFalse();
        GopHub.Subscriber first = hub.subscribe(frame -> wakes.incrementAndGet());
        GopHub.Subscriber second = hub.subscribe(frame -> { });
        assertThat(hub.listenerCount()).isEqualTo(2);

        first.close();
        first.close();
        publish("K");

        assertThat(hub.listenerCount()).isEqualTo(1);
        assertThat(wakes).hasValue(0);
        second.close();
        assertThat(hub.hasDemand()).isFalse();
    }

    @Test
    void framesMustBeNewerAndBoundsSensible() {
        publish("K");

        assertThatThrownBy(() -> hub.publish(H264Units.frame(1, false, 4))).hasMessage("frame 1 is not newer than 1");
        assertThatThrownBy(() -> new GopHub.Limits(1, 100))
                .hasMessage("a GOP buffer needs room for at least 2 frames, not 1");
        assertThatThrownBy(() -> new GopHub.Limits(10, 0)).hasMessage("a GOP buffer needs a positive byte bound, not 0");
    }

    /** K: keyframe; P: a small P-frame (20 bytes of slice); p: a big one (400 bytes). */
    private void publish(char kind) {
        hub.publish(H264Units.frame(++sequence, kind == 'K', kind == 'p' ? 400 : 20));
    }

    private void publish(String kinds) {
        for (char kind : kinds.toCharArray()) {
            publish(kind);
        }
    }

    /** Every frame the subscriber can take now, as sequences. */
    private List<Long> drain(GopHub.Subscriber subscriber) {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i <= hub.limits().maxFrames(); i++) {
            Frame frame = subscriber.next();
            if (frame == null) {
                return sequences;
            }
            sequences.add(frame.sequence());
        }
        throw new AssertionError("more frames than the hub can hold: " + sequences);
    }
}
