package dev.edgecam.record;

import dev.edgecam.frame.Durations;
import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Frame;
import dev.edgecam.hub.Renditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera continuously into segment files ({@link SegmentClock}), on a thread of its own behind a bounded
 * queue ({@link FrameQueue}): the capture thread only queues, so a slow or stalled disk drops groups of pictures
 * (logged, counted in {@link #status()}) and never slows the camera's viewers.
 *
 * <p><b>What it stores</b> ({@link RecordCodec}): the H.264 rendition stream-copied into fragmented MP4, or the JPEGs
 * unchanged into Matroska. A segment starts at a keyframe, and a new one at the first keyframe at or after the next
 * wall-clock boundary, or when the picture's size or parameter sets change.
 *
 * <p><b>When writing fails</b> (a full disk, a removed card): the failure is logged, the segment closed as far as it
 * can be, retention run at once, and writing paused for {@link #RETRY_MILLIS}; then it starts a new segment at the
 * next keyframe. Nothing of this reaches the viewers. <b>Retention</b> ({@link Retention}) runs at start, every
 * minute and after each segment, on a thread of its own.
 */
public final class CameraRecorder implements AutoCloseable {

    /** In {@link RecordCodec#AUTO}: how long the camera must have been online without H.264 before JPEGs are stored. */
    public static final long H264_PROBE_MILLIS = 5000;
    /** How long writing pauses after a failure before it tries a new segment. */
    static final long RETRY_MILLIS = 5000;
    static final long RETENTION_PERIOD_SECONDS = 60;
    /** The queue's bounds: about 10 s of 30 fps video, and 4 MiB (the launcher's heap is small). */
    static final int QUEUE_FRAMES = 300;
    static final long QUEUE_BYTES = 4L << 20;
    private static final long POLL_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(CameraRecorder.class);

    private final String cameraId;
    private final RecordConfig config;
    private final Renditions renditions;
    private final BooleanSupplier online;
    private final DoubleSupplier fps;
    private final Path cameraDir;
    private final SegmentClock clock;
    private final FrameQueue queue = new FrameQueue(QUEUE_FRAMES, QUEUE_BYTES);
    private final Retention retention;
    private final ScheduledExecutorService retentionThread;
    /** Stores the segment on the disk every half second, on a thread of its own. */
    private final SegmentSyncer syncer;
    private final Thread thread;
    /** In motion mode, which frames go into clips; null when recording continuously. */
    private final ClipGate clips;
    private HubTap tap;
    private SegmentWriter writer;
    private long boundaryMicros;
    private long onlineSinceMillis = -1;
    private long pausedUntilMillis;
    private volatile boolean closed;
    private volatile Codec codec;
    private volatile Path currentFile;
    private volatile long currentBytes;
    private volatile long segments;
    private volatile long bytesDone;
    private volatile long errors;
    private volatile long droppedWhilePaused;
    private volatile String lastError;

    private CameraRecorder(String cameraId, RecordConfig config, Renditions renditions, BooleanSupplier online,
                           DoubleSupplier fps, MotionClips motion) {
        this.cameraId = cameraId;
        this.config = config;
        this.renditions = renditions;
        this.online = online;
        this.fps = fps;
        this.cameraDir = config.dir().resolve(cameraId);
        this.clock = new SegmentClock(config.segment().toNanos() / 1000);
        this.retention = new Retention(cameraId, cameraDir, config.keep(), config.eventsKeep(), config.minFree(),
                () -> currentFile);
        this.retentionThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "edgecam-retention-" + cameraId));
        this.syncer = new SegmentSyncer(cameraId);
        this.thread = daemon(this::run, "edgecam-record-" + cameraId);
        this.clips = config.mode() == RecordMode.MOTION
                ? new ClipGate(motion.pre().toNanos() / 1000, motion.post().toNanos() / 1000, motion.motionUntilMicros()) : null;
    }

    /**
     * What motion mode needs from the camera's motion detection.
     *
     * @param motionUntilMicros until when, in capture time (microseconds since the epoch), motion goes on: {@link
     *     #ONGOING} while an event lasts, the capture time of the picture that ended the last event after it, {@link
     *     #NEVER} before the first. A capture time, not "now", so that frames which waited in the recorder's queue
     *     (a slow disk) are judged by when they were taken
     * @param pre how much before motion a clip starts (from a keyframe at least this early)
     * @param post how long after motion a clip goes on
     */
    public record MotionClips(LongSupplier motionUntilMicros, Duration pre, Duration post) {

        /** {@link #motionUntilMicros} while an event lasts. */
        public static final long ONGOING = Long.MAX_VALUE;
        /** {@link #motionUntilMicros} before the first event. */
        public static final long NEVER = Long.MIN_VALUE;
        /** For a camera without motion detection (continuous recording needs none). */
        public static final MotionClips NONE = new MotionClips(() -> NEVER, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Starts recording the camera {@code cameraId} from its hubs as {@code config} says.
     *
     * @param online whether the camera delivers real pictures now (not "no signal")
     * @param fps about how many frames a second it delivers, 0 when unknown
     * @param motion the camera's motion, for {@link RecordMode#MOTION} ({@link MotionClips#NONE} otherwise)
     */
    public static CameraRecorder start(String cameraId, RecordConfig config, Renditions renditions,
                                       BooleanSupplier online, DoubleSupplier fps, MotionClips motion) {
        if (!config.on()) {
            throw new IllegalArgumentException("camera " + cameraId + " is not set to record");
        }
        CameraRecorder recorder = new CameraRecorder(cameraId, config, renditions, online, fps, motion);
        recorder.tap = config.codec() == RecordCodec.MJPEG ? HubTap.jpeg(renditions, recorder.queue, online)
                : HubTap.h264(renditions, recorder.queue, online);
        recorder.codec = config.codec() == RecordCodec.MJPEG ? Codec.JPEG : config.codec() == RecordCodec.H264 ? Codec.H264 : null;
        recorder.retentionThread.scheduleWithFixedDelay(recorder::runRetention, 0, RETENTION_PERIOD_SECONDS, TimeUnit.SECONDS);
        recorder.thread.start();
        log.info("RECORD: camera {}: recording ({}) into {}: {} segments, kept {} and while {} is free", cameraId,
                config.codec().label(), recorder.cameraDir, Durations.format(config.segment()),
                Durations.format(config.keep()), config.minFree());
        return recorder;
    }

    private void run() {
        try {
            while (!closed) {
                Frame frame = queue.poll(POLL_MILLIS);
                if (frame == null) {
                    chooseJpegIfNoH264();
                } else if (System.currentTimeMillis() < pausedUntilMillis) {
                    droppedWhilePaused += frame.keyframe() ? 1 : 0;
                } else {
                    write(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSegment();
        }
    }

    /** {@link RecordCodec#AUTO}: no H.264 while the camera has been online for a while means a JPEG-only camera. */
    private void chooseJpegIfNoH264() {
        if (codec != null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!online.getAsBoolean()) {
            onlineSinceMillis = -1;
        } else if (onlineSinceMillis < 0) {
            onlineSinceMillis = now;
        } else if (now - onlineSinceMillis >= H264_PROBE_MILLIS) {
            tap.close();
            codec = Codec.JPEG;
            tap = HubTap.jpeg(renditions, queue, online);
            log.info("RECORD: camera {}: no H.264 rendition, recording its JPEGs into Matroska", cameraId);
        }
    }

    private void write(Frame frame) {
        if (codec == null) {
            codec = frame.codec();
        }
        if (clips == null) {
            writeOne(frame);
            return;
        }
        List<Frame> now = clips.take(frame);
        if (now.isEmpty() && writer != null) {
            closeSegment(); // the clip is over
        }
        for (Frame next : now) {
            writeOne(next);
        }
    }

    private void writeOne(Frame frame) {
        try {
            syncer.throwIfFailed();
            if (writer != null && frame.keyframe()
                    && (frame.captureEpochMicros() >= boundaryMicros || !writer.accepts(frame))) {
                closeSegment();
            }
            if (writer == null) {
                if (frame.keyframe()) {
                    openSegment(frame);
                }
                return;
            }
            writer.write(frame);
            currentBytes = writer.bytes();
            syncer.syncIfDue(writer);
        } catch (IOException | RuntimeException e) {
            failed(frame, e);
        }
    }

    private void openSegment(Frame first) throws IOException {
        // A motion-mode clip is an event file, kept as long as events_keep says (Retention.isEvent).
        Path file = SegmentClock.fileFor(cameraDir, first.captureEpochMicros(),
                (clips != null ? Retention.EVENT_CLIP_SUFFIX : "") + SegmentWriter.extensionFor(first));
        Files.createDirectories(file.getParent());
        currentFile = file;
        writer = SegmentWriter.open(file, first, fps.getAsDouble());
        syncer.opened();
        boundaryMicros = clock.nextBoundary(first.captureEpochMicros());
        currentBytes = writer.bytes();
        segments++;
        // The first frame's exact time: the file name has it to the second only.
        log.info("RECORD: camera {}: {}segment {} from {}", cameraId, errors > 0 && segments > 1 ? "recording again, " : "",
                file, Instant.ofEpochMilli(first.captureEpochMicros() / 1000));
    }

    private void closeSegment() {
        SegmentWriter closing = writer;
        writer = null;
        if (closing == null) {
            currentFile = null;
            return;
        }
        try {
            closing.close();
        } catch (IOException | RuntimeException e) {
            errors++;
            lastError = e.getMessage();
            log.warn("RECORD: camera {}: finishing {} failed: {}; what was written before stays playable", cameraId,
                    closing.path(), e.getMessage());
        }
        bytesDone += closing.bytes();
        currentBytes = 0;
        currentFile = null;
        if (!retentionThread.isShutdown()) {
            retentionThread.execute(this::runRetention);
        }
    }

    private void failed(Frame frame, Exception e) {
        errors++;
        lastError = e.getMessage();
        // Once, then at doubling counts: a disk that stays full must not flood the log.
        if (Long.bitCount(errors) == 1) {
            log.warn("RECORD: camera {}: writing frame {} failed ({} failure(s) so far): {}; recording pauses for {} s,"
                    + " then starts a new segment; live view goes on", cameraId, frame.sequence(), errors,
                    e.getMessage(), RETRY_MILLIS / 1000);
        }
        closeSegment();
        droppedWhilePaused++;
        pausedUntilMillis = System.currentTimeMillis() + RETRY_MILLIS;
    }

    private void runRetention() {
        retention.run(Instant.now());
    }

    /** What it is doing now; cheap, from any thread. */
    public RecordingStatus status() {
        Path file = currentFile;
        String state = closed ? "off" : System.currentTimeMillis() < pausedUntilMillis ? "paused"
                : file != null ? "recording" : "waiting";
        Codec c = codec;
        return new RecordingStatus(state, c == null ? null : c == Codec.H264 ? "h264" : "mjpeg",
                file == null ? null : file.toString(), currentBytes, segments, bytesDone + currentBytes,
                queue.droppedGops() + droppedWhilePaused, errors, lastError, retention.deleted());
    }

    public RecordConfig config() {
        return config;
    }

    /** Runs retention now, on the caller's thread (tests, and a full disk); returns how many segments it deleted. */
    public int enforceRetention() {
        return retention.run(Instant.now());
    }

    /** Stops taking frames, finishes the segment being written and stops retention. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HubTap current = tap;
        if (current != null) {
            current.close();
        }
        try {
            thread.join(10_000); // a stalled disk may hold it in a write: it is a daemon and ends with the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retentionThread.shutdownNow();
        syncer.close();
        log.info("RECORD: camera {}: recording stopped", cameraId);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
