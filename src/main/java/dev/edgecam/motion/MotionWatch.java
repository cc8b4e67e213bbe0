package dev.edgecam.motion;

import dev.edgecam.events.EventLog;
import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.FrameListener;
import dev.edgecam.record.CameraRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for motion in one camera at {@link MotionConfig#fps()} on a thread of its own and publishes
 * {@code motion_start} and {@code motion_end} events to the camera's {@link EventLog}.
 *
 * <p><b>Cost.</b> It takes one frame per look from the camera's JPEG hub by listening for exactly one frame and
 * leaving again, so the camera encodes a JPEG (or decodes its H.264) for it only at that rate, not at the camera's
 * (a viewer of the hub makes those frames anyway). Each frame is decoded small and grey ({@link MotionDetector}).
 * The frame's capture time is the event's time, so events are as exact as the look rate (0.2 s at 5 fps).
 *
 * <p><b>Snapshot.</b> The JPEG of the picture with the most motion is written as {@code HH-MM-SS-motion.jpg} (UTC, the
 * event's start) beside the camera's recordings when {@code snapshotDir} is given (retention deletes it with them),
 * and named in the end event's detail.
 */
public final class MotionWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MotionWatch.class);

    private final String cameraId;
    private final FrameHub hub;
    private final EventLog events;
    private final Function<Instant, Path> snapshotFile;
    private final MotionDetector detector;
    private final MotionTracker tracker;
    private final ScheduledExecutorService thread;
    private final AtomicReference<Frame> taken = new AtomicReference<>();
    private final FrameListener takeOne = this::takeOne;
    private long lastSequence;
    private volatile long motionUntilMicros = CameraRecorder.MotionClips.NEVER;

    private MotionWatch(String cameraId, MotionConfig config, FrameHub hub, EventLog events,
                        Function<Instant, Path> snapshotFile) {
        this.cameraId = cameraId;
        this.hub = hub;
        this.events = events;
        this.snapshotFile = snapshotFile;
        this.detector = new MotionDetector(config);
        this.tracker = new MotionTracker(config.minArea(), config.cooldown());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgecam-motion-" + cameraId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts looking.
     *
     * @param snapshotFile where the snapshot of an event starting at an instant goes, or null to keep none
     */
    public static MotionWatch start(String cameraId, MotionConfig config, FrameHub hub, EventLog events,
                                    Function<Instant, Path> snapshotFile) {
        MotionWatch watch = new MotionWatch(cameraId, config, hub, events, snapshotFile);
        long periodMicros = Math.round(1_000_000 / config.fps());
        watch.thread.scheduleAtFixedRate(watch::look, 0, periodMicros, TimeUnit.MICROSECONDS);
        return watch;
    }

    /** On the capture thread: keeps the first frame after asking, and stops listening. */
    private void takeOne(Frame frame) {
        if (taken.compareAndSet(null, frame)) {
            hub.unsubscribe(takeOne);
        }
    }

    private void look() {
        try {
            Frame frame = taken.getAndSet(null);
            hub.subscribe(takeOne); // the next frame, for the next look
            if (frame == null || frame.sequence() == lastSequence) {
                return;
            }
            lastSequence = frame.sequence();
            double share = detector.changedShare(frame.bytes());
            if (share < 0) {
                return;
            }
            Instant time = Instant.ofEpochSecond(0, frame.captureEpochMicros() * 1000);
            MotionTracker.Change change = tracker.sample(time, share, frame.bytes());
            if (tracker.active()) {
                motionUntilMicros = CameraRecorder.MotionClips.ONGOING;
            } else if (change == MotionTracker.Change.ENDED) {
                motionUntilMicros = frame.captureEpochMicros(); // the cool-down's end, by capture time
            }
            switch (change) {
                case STARTED -> events.publish(EventLog.MOTION_START, percent(share) + " of the picture", time);
                case ENDED -> events.publish(EventLog.MOTION_END, "began " + tracker.start() + ", peak "
                        + percent(tracker.peak()) + " of the picture" + saveSnapshot(), tracker.end());
                default -> { }
            }
        } catch (RuntimeException e) {
            log.warn("MOTION: camera {}: a look failed: {}", cameraId, e.toString());
        }
    }

    /**
     * Until when motion goes on, for motion-mode clips, as {@link CameraRecorder.MotionClips#motionUntilMicros}: an
     * event lasts from its first picture to the end of its cool-down. From any thread.
     */
    public long motionUntilMicros() {
        return motionUntilMicros;
    }

    private String saveSnapshot() {
        if (snapshotFile == null || tracker.peakJpeg() == null) {
            return "";
        }
        Path file = snapshotFile.apply(tracker.start());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, tracker.peakJpeg());
            return ", snapshot " + file;
        } catch (IOException e) {
            log.warn("MOTION: camera {}: cannot write the snapshot {}: {}", cameraId, file, e.toString());
            return "";
        }
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Stops looking (an event in progress gets no end); idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
        hub.unsubscribe(takeOne);
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        detector.close();
    }
}
