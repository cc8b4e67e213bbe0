package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.RecordingFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The segment's syncs run beside the writing: a sync that hangs (an SD card taking seconds) does not hold up the
 * recorder's thread, the next is asked for only after it, and a failed one comes back to the recorder's thread.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SegmentSyncerTest {

    @Test
    void aHangingSyncHoldsNothingUpAndTheNextWaitsForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SyncStandIn segment = new SyncStandIn(() -> release.await());
        try (SegmentSyncer syncer = new SegmentSyncer("door")) {
            syncer.syncIfDue(segment); // returns while the sync hangs: the class's @Timeout would end a blocked call
            await().atMost(Duration.ofSeconds(5)).until(() -> segment.started.get() == 1);
            Thread.sleep(SegmentSyncer.SYNC_INTERVAL_MILLIS + 100);
            syncer.syncIfDue(segment);
            syncer.throwIfFailed();
            assertThat(segment.started).as("no second sync while the first hangs").hasValue(1);

            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> segment.finished.get() == 1);
            syncer.syncIfDue(segment);
            await().atMost(Duration.ofSeconds(5)).until(() -> segment.started.get() == 2);
        }
    }

    @Test
    void aFailedSyncComesBackToTheRecordersThreadNamingTheFile() throws Exception {
        SyncStandIn segment = new SyncStandIn(() -> {
            throw new IOException("Input/output error");
        });
        try (SegmentSyncer syncer = new SegmentSyncer("door")) {
            syncer.syncIfDue(segment);
            await().atMost(Duration.ofSeconds(5)).until(() -> segment.finished.get() == 1);
            assertThatThrownBy(syncer::throwIfFailed).isInstanceOf(IOException.class)
                    .hasMessage("storing /rec/door/2026-11-30/12-00-00.mp4 on the disk failed: Input/output error");
            syncer.throwIfFailed(); // handed over once
        }
    }

    /** What a sync does in the stand-in. */
    private interface SyncBody {
        void run() throws IOException, InterruptedException;
    }

    /** A segment whose sync is the test's. */
    private static final class SyncStandIn extends SegmentWriter {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        private final SyncBody body;

        SyncStandIn(SyncBody body) {
            super(new NoFile(), () -> { });
            this.body = body;
        }

        @Override
        void sync() throws IOException {
            started.incrementAndGet();
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.incrementAndGet();
            }
        }

        @Override
        void write(Frame frame) {
        }

        @Override
        boolean accepts(Frame keyframe) {
            return true;
        }
    }

    private static final class NoFile implements RecordingFile {
        @Override
        public long frames() {
            return 0;
        }

        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public long durationMicros() {
            return 0;
        }

        @Override
        public Path path() {
            return Path.of("/rec/door/2026-11-30/12-00-00.mp4");
        }
    }
}
