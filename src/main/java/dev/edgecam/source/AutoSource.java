package dev.edgecam.source;

import dev.edgecam.frame.Size;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --source auto} when no camera was there at start: the test pattern, while a thread of its own asks a
 * {@link CameraProbe} every few seconds whether a camera has appeared and opens it there, so the stream never
 * waits for a camera to open. The next frame then comes from the camera: the capture loop, the hub and every
 * viewer carry on as before, on the same connections and with the same sequence; only the picture changes.
 *
 * <p>Once switched it is that camera for good. A camera that fails later is treated as any failing camera
 * (the capture loop shows "no signal" and reopens it with backoff); it does not fall back to the test pattern,
 * which would hide that the camera is gone.
 */
public final class AutoSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(AutoSource.class);
    /** How often to look for a camera: a stat of one device file, so often enough to feel immediate. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(3);
    /**
     * Most looks skipped after a device that is there but does not open (busy, or no camera at all: on some boards
     * {@code /dev/video0} is a codec): opening one costs more than a look, so the looks space out, 1, 3, 7, 15, then
     * 19 skipped between tries (about a minute at the usual interval).
     */
    static final int MAX_SKIPPED_LOOKS = 19;

    private final TestPatternSource pattern;
    private final CameraProbe probe;
    private final Duration interval;
    private final String waitingDescription;
    /** A camera the probe thread opened, waiting for the capture thread to take it at its next frame. */
    private final AtomicReference<FrameSource> arrived = new AtomicReference<>();
    private final Object lock = new Object();
    /** The test pattern until a camera is taken, then the camera; read by other threads for the state. */
    private volatile FrameSource current;
    /** Looks for the camera while the pattern is shown; null before {@link #open()}, after a switch and after close. */
    private ScheduledExecutorService looking;
    /** The last reason a present camera would not open, so each reason is logged once, not every few seconds. */
    private String lastRefusal;
    /** Opens refused in a row, and looks still to skip because of them (probe thread only). */
    private int refusals;
    private int looksToSkip;

    /** The test pattern at {@code size} and {@code fps} until {@code probe} finds a camera, looking every {@link #PROBE_INTERVAL}. */
    public AutoSource(Size size, double fps, CameraProbe probe) {
        this(new TestPatternSource(size, fps), probe, PROBE_INTERVAL);
    }

    /** @param interval how long between looks (tests look more often) */
    public AutoSource(TestPatternSource pattern, CameraProbe probe, Duration interval) {
        this.pattern = pattern;
        this.probe = probe;
        this.interval = interval;
        this.current = pattern;
        this.waitingDescription = pattern.describe() + ", until a camera appears at " + probe.where();
    }

    @Override
    public String describe() {
        FrameSource source = current;
        return source == pattern ? waitingDescription : source.describe();
    }

    @Override
    public SourceSpec.Kind kind() {
        return current.kind();
    }

    @Override
    public void open() throws SourceException {
        FrameSource source = current;
        source.open();
        if (source == pattern) {
            startLooking();
        }
    }

    @Override
    public Capture next(boolean wanted) throws SourceException, InterruptedException {
        FrameSource camera = arrived.getAndSet(null);
        if (camera != null) {
            log.info("SOURCE: {} appeared at {}; switching to it from the test pattern (viewers stay connected)",
                    camera.describe(), probe.where());
            pattern.close();
            current = camera;
        }
        return current.next(wanted);
    }

    @Override
    public double nominalFps() {
        return current.nominalFps();
    }

    @Override
    public Size size() {
        return current.size();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (looking != null) {
                looking.shutdownNow();
                looking = null;
            }
        }
        FrameSource unused = arrived.getAndSet(null);
        if (unused != null) {
            unused.close();
        }
        current.close();
    }

    private void startLooking() {
        synchronized (lock) {
            if (looking != null || arrived.get() != null) {
                return;
            }
            looking = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "edgecam-camera-probe");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            looking.scheduleWithFixedDelay(this::lookOnce, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** One look: when the probe sees a camera, opens it here and hands it to the capture thread. */
    private void lookOnce() {
        // A task that throws is never run again: whatever goes wrong, the next look must still happen.
        if (looksToSkip > 0) {
            looksToSkip--;
            return;
        }
        try {
            FrameSource camera = probe.find();
            if (camera == null) {
                return;
            }
            try {
                camera.open();
            } catch (SourceException e) {
                camera.close();
                noteRefusal(e.getMessage());
                return;
            }
            synchronized (lock) {
                if (looking == null) {
                    camera.close(); // closed while the camera was opening
                    return;
                }
                arrived.set(camera);
                looking.shutdown();
                looking = null;
            }
        } catch (RuntimeException e) {
            noteRefusal(e.toString());
        }
    }

    private void noteRefusal(String reason) {
        refusals++;
        looksToSkip = Math.min(MAX_SKIPPED_LOOKS, (1 << Math.min(refusals, 5)) - 1);
        if (!reason.equals(lastRefusal)) {
            lastRefusal = reason;
            log.warn("SOURCE: a camera at {} is there but does not open: {}; still showing the test pattern and "
                    + "trying again less and less often, up to every {} s", probe.where(), reason,
                    interval.multipliedBy(MAX_SKIPPED_LOOKS + 1).toSeconds());
        }
    }
}
