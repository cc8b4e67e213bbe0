package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One producer and several subscribers on their own threads, some slow, one joining late, on a buffer small enough
 * that GOPs overflow: whatever the timing, every subscriber's frames decode (each is a keyframe or follows the frame
 * before it) and every frame it missed is counted.
 */
@Timeout(60)
class GopHubConcurrentTest {

    private static final int FRAMES = 5_000;
    private static final int SUBSCRIBERS = 4;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void noSubscriberEverGetsAFrameItCannotDecode() throws Exception {
        GopHub hub = new GopHub(new GopHub.Limits(24, 4_000));
        Reader[] readers = new Reader[SUBSCRIBERS + 1];
        for (int i = 0; i < SUBSCRIBERS; i++) {
            readers[i] = new Reader(hub.subscribe(frame -> { }), i, i % 2 == 1);
        }
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch lateJoined = new CountDownLatch(1);
        Thread producer = new Thread(() -> produce(hub, halfway, lateJoined), "producer");
        List<Thread> threads = new ArrayList<>();
        threads.add(producer);
        for (int i = 0; i < SUBSCRIBERS; i++) {
            threads.add(new Thread(readers[i], "reader-" + i));
        }
        threads.forEach(Thread::start);
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        readers[SUBSCRIBERS] = new Reader(hub.subscribe(frame -> { }), SUBSCRIBERS, false);
        lateJoined.countDown();
        Thread late = new Thread(readers[SUBSCRIBERS], "late-reader");
        threads.add(late);
        late.start();

        for (Thread thread : threads) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS) + 5_000);
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }

        for (Reader reader : readers) {
            assertThat(reader.failure).as(reader.name).isNull();
            assertThat(reader.received).as(reader.name + " got frames").isPositive();
            assertThat(reader.last).as(reader.name + " got to the end").isEqualTo(FRAMES);
            assertThat(reader.received + reader.subscriber.framesSkipped())
                    .as(reader.name + ": every frame from its first one on is either received or counted as skipped")
                    .isEqualTo(FRAMES - reader.first + 1);
        }
        assertThat(readers[1].subscriber.framesSkipped()).as("a slow reader skips").isPositive();
        assertThat(readers[SUBSCRIBERS].first).as("the late reader joined in the middle").isLessThan(FRAMES * 3 / 4);
        assertThat(hub.retainedFrames()).isLessThanOrEqualTo(24);
    }

    /** GOPs of 5 to 40 frames (longer ones overflow the 24-frame buffer), P-frames of random size, the last one a keyframe. */
    private static void produce(GopHub hub, CountDownLatch halfway, CountDownLatch lateJoined) {
        Random random = new Random(12);
        int untilKeyframe = 0;
        for (int sequence = 1; sequence <= FRAMES; sequence++) {
            boolean keyframe = untilKeyframe-- == 0 || sequence == FRAMES;
            if (keyframe) {
                untilKeyframe = 5 + random.nextInt(36);
            }
            hub.publish(H264Units.frame(sequence, keyframe, 20 + random.nextInt(200)));
            if (sequence == FRAMES / 2) {
                halfway.countDown();
                awaitQuietly(lateJoined); // so the late reader joins while frames still come
            }
            if (sequence % 10 == 0) {
                LockSupport.parkNanos(200_000);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes frames as fast as it can or, when slow, with pauses; checks each frame as it comes. */
    private static final class Reader implements Runnable {

        final GopHub.Subscriber subscriber;
        final String name;
        final boolean slow;
        final Random random;
        volatile String failure;
        volatile long received;
        volatile long first;
        volatile long last;

        Reader(GopHub.Subscriber subscriber, int number, boolean slow) {
            this.subscriber = subscriber;
            this.name = (slow ? "slow reader " : "reader ") + number;
            this.slow = slow;
            this.random = new Random(number);
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (last < FRAMES && System.nanoTime() < deadline && failure == null) {
                Frame frame = subscriber.next();
                if (frame == null) {
                    LockSupport.parkNanos(50_000);
                    continue;
                }
                check(frame);
                if (slow && random.nextInt(20) == 0) {
                    LockSupport.parkNanos(random.nextInt(3_000_000));
                }
            }
            subscriber.close();
        }

        private void check(Frame frame) {
            if (received == 0) {
                first = frame.sequence();
                if (!frame.keyframe()) {
                    failure = "started with a P-frame: " + frame;
                }
            } else if (!frame.keyframe() && frame.sequence() != last + 1) {
                failure = "got " + frame + " after #" + last + ": its reference is missing";
            }
            last = frame.sequence();
            received++;
        }
    }
}
