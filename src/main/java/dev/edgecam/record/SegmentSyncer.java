package dev.edgecam.record;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has one camera's segment stored on the disk ({@link SegmentWriter#sync}) every {@link #SYNC_INTERVAL_MILLIS}, on
 * a thread of its own, one sync at a time. An SD card's sync can take seconds: on the recorder's thread it held up
 * the writing, so a killed server (which loses nothing that was flushed) lost those seconds too, and a long one
 * filled the recorder's queue. A sync still under way puts the next one off; one that fails is handed back to the
 * recorder's thread ({@link #throwIfFailed}), which handles it as a failed write.
 */
final class SegmentSyncer implements AutoCloseable {

    /**
     * How often what was flushed to the segment is stored: with the writers' half-second flushes, a power cut loses
     * at most about a second. Measured: about 6 ms a sync on this machine's disk (docs/benchmarks.md).
     */
    static final long SYNC_INTERVAL_MILLIS = 500;
    /** A sync slower than this is logged: the disk is too slow for the promise above. */
    private static final long SLOW_SYNC_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(SegmentSyncer.class);

    private final String cameraId;
    private final ExecutorService thread;
    private final AtomicBoolean syncing = new AtomicBoolean();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    /** On the recorder's thread: when the last sync was asked for. */
    private long askedAtMillis;

    SegmentSyncer(String cameraId) {
        this.cameraId = cameraId;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "edgecam-sync-" + cameraId);
            t.setDaemon(true);
            return t;
        });
    }

    /** On the recorder's thread: a segment was opened (its first sync is due an interval from now). */
    void opened() {
        askedAtMillis = System.currentTimeMillis();
    }

    /** On the recorder's thread, after each write to {@code segment}: asks for a sync when one is due. */
    void syncIfDue(SegmentWriter segment) {
        long now = System.currentTimeMillis();
        if (now - askedAtMillis < SYNC_INTERVAL_MILLIS || !syncing.compareAndSet(false, true)) {
            return;
        }
        askedAtMillis = now;
        try {
            thread.execute(() -> sync(segment));
        } catch (RejectedExecutionException e) {
            syncing.set(false); // closing: the segment's close syncs it
        }
    }

    /** On the recorder's thread: throws the failure of a sync since the last call, if one failed. */
    void throwIfFailed() throws IOException {
        IOException failed = failure.getAndSet(null);
        if (failed != null) {
            throw failed;
        }
    }

    private void sync(SegmentWriter segment) {
        long start = System.currentTimeMillis();
        try {
            segment.sync();
            long took = System.currentTimeMillis() - start;
            if (took > SLOW_SYNC_MILLIS) {
                log.warn("RECORD: camera {}: storing {} on the disk took {} ms; a power cut may lose more than a second",
                        cameraId, segment.path(), took);
            }
        } catch (IOException e) {
            failure.set(new IOException("storing " + segment.path() + " on the disk failed: " + e.getMessage(), e));
        } finally {
            syncing.set(false);
        }
    }

    /** Takes no more syncs; one under way finishes (a closed segment was synced by its own close). */
    @Override
    public void close() {
        thread.shutdown();
    }
}
