package dev.edgecam.events;

import dev.edgecam.hub.SourceStatus;
import dev.edgecam.record.RecordingStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Turns a camera's status into events: it looks at the source's and the recorder's status every
 * {@link #PERIOD_MILLIS} and publishes each change ({@code camera_offline} / {@code camera_online},
 * {@code recording_failed} / {@code recording_resumed}). Looking, not hooking: the capture loop and the recorder stay
 * as they are, and a change shorter than the period may go unseen (a source that reopens within it).
 */
public final class StatusWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 500;

    private final EventLog log;
    private final Supplier<SourceStatus> source;
    private final Supplier<RecordingStatus> recording;
    private final ScheduledExecutorService thread;
    private Boolean wasOnline;
    private long errorsSeen;
    private boolean paused;

    private StatusWatch(String cameraId, EventLog log, Supplier<SourceStatus> source,
                        Supplier<RecordingStatus> recording) {
        this.log = log;
        this.source = source;
        this.recording = recording;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgecam-events-" + cameraId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; the camera's state at start is no event (a camera that starts offline is, once seen so). */
    public static StatusWatch start(String cameraId, EventLog log, Supplier<SourceStatus> source,
                                    Supplier<RecordingStatus> recording) {
        StatusWatch watch = new StatusWatch(cameraId, log, source, recording);
        watch.thread.scheduleWithFixedDelay(watch::look, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** One look: publishes what changed since the last. */
    void look() {
        try {
            SourceStatus now = source.get();
            // At the first look only a source that failed is news; one still opening is not.
            if (wasOnline == null ? !now.online() && now.lastError() != null : wasOnline != now.online()) {
                log.publish(now.online() ? EventLog.CAMERA_ONLINE : EventLog.CAMERA_OFFLINE,
                        now.online() ? now.description() : now.lastError());
            }
            wasOnline = now.online();
            RecordingStatus rec = recording.get();
            if (rec.errors() > errorsSeen && !paused) {
                paused = true;
                log.publish(EventLog.RECORDING_FAILED, rec.lastError());
            } else if (paused && rec.state().equals("recording")) {
                paused = false;
                log.publish(EventLog.RECORDING_RESUMED, rec.file());
            }
            errorsSeen = rec.errors();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(StatusWatch.class).warn("EVENT: watching failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
