package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Frame;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads the source, encodes each wanted frame once and publishes it to the hub.
 *
 * <p>While nobody watches it keeps the source's pace and encodes nothing. When the source fails it is
 * closed and reopened with backoff (1 s doubling to 30 s); clients stay connected meanwhile.
 */
public final class CaptureLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 30_000;

    private final FrameSource source;
    private final FrameHub hub;
    private final PipelineStats stats;
    private final AtomicReference<EncodeSettings> settings;
    private final Thread thread;
    private final Object retryLock = new Object();
    private volatile SourceStatus status;
    private volatile boolean closed;
    private long sequence;
    private long lastPublishedNanos;

    /** @param source an already opened source; the loop owns it from now on and closes it */
    public CaptureLoop(FrameSource source, FrameHub hub, PipelineStats stats, EncodeSettings initialSettings) {
        this.source = source;
        this.hub = hub;
        this.stats = stats;
        this.settings = new AtomicReference<>(initialSettings);
        this.status = new SourceStatus(source.describe(), source.kind().label(), true, null, 0, 0, source.nominalFps());
        this.thread = new Thread(this::run, "edgecam-capture");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public EncodeSettings settings() {
        return settings.get();
    }

    /** Applies new settings from the next frame on. */
    public void updateSettings(EncodeSettings newSettings) {
        settings.set(newSettings);
        log.info("ENCODE: settings now quality {}, size {}, frame-rate cap {}", newSettings.quality(),
                newSettings.outputSize() == null ? "as captured" : newSettings.outputSize(),
                newSettings.maxFps() == 0 ? "none" : newSettings.maxFps());
    }

    public SourceStatus status() {
        return status;
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        try (JpegEncoder encoder = new JpegEncoder()) {
            while (!closed) {
                try {
                    captureOne(encoder);
                    retryMillis = FIRST_RETRY_MILLIS;
                } catch (SourceException e) {
                    if (closed) {
                        break;
                    }
                    stats.sourceFailures.increment();
                    markOffline(e.getMessage());
                    log.warn("SOURCE: {}; retrying in {} s", e.getMessage(), retryMillis / 1000);
                    source.close();
                    waitBeforeRetry(retryMillis);
                    retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
                    reopen();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("CAPTURE: stopped by an unexpected error; the server keeps its clients but no new frames arrive", e);
            markOffline("capture stopped: " + e);
        } finally {
            source.close();
        }
    }

    private void captureOne(JpegEncoder encoder) throws SourceException, InterruptedException {
        boolean wanted = hub.hasDemand();
        Capture capture = source.next(wanted);
        stats.captured.increment();
        if (capture == null || !hub.hasDemand()) {
            return;
        }
        EncodeSettings current = settings.get();
        if (current.maxFps() > 0 && capture.captureNanos() - lastPublishedNanos < minIntervalNanos(current.maxFps())) {
            return;
        }
        byte[] jpeg;
        int width = capture.width();
        int height = capture.height();
        if (capture instanceof Capture.Jpeg passthrough) {
            jpeg = passthrough.jpeg();
        } else {
            Capture.Pixels pixels = (Capture.Pixels) capture;
            long started = System.nanoTime();
            jpeg = encoder.encode(pixels.bgr(), current);
            stats.encodeNanos.add(System.nanoTime() - started);
            stats.encoded.increment();
            if (current.outputSize() != null) {
                width = current.outputSize().width();
                height = current.outputSize().height();
            }
        }
        if (!status.online() || status.width() != width || status.height() != height) {
            status = new SourceStatus(source.describe(), source.kind().label(), true, null, width, height, source.nominalFps());
        }
        lastPublishedNanos = capture.captureNanos();
        stats.published.increment();
        stats.publishedBytes.add(jpeg.length);
        hub.publish(new Frame(++sequence, capture.captureNanos(), capture.captureEpochMicros(), width, height, jpeg));
    }

    /** A little under the exact interval, so that a cap equal to the source rate does not halve it by jitter. */
    private static long minIntervalNanos(double maxFps) {
        return (long) (1_000_000_000d / maxFps * 0.9);
    }

    private void reopen() {
        if (closed) {
            return;
        }
        try {
            source.open();
            log.info("SOURCE: {} is back", source.describe());
            status = new SourceStatus(source.describe(), source.kind().label(), true, null, 0, 0, source.nominalFps());
        } catch (SourceException e) {
            markOffline(e.getMessage());
            log.debug("SOURCE: reopen failed: {}", e.getMessage());
        }
    }

    private void markOffline(String reason) {
        SourceStatus was = status;
        status = new SourceStatus(source.describe(), source.kind().label(), false, reason, was.width(), was.height(),
                was.nominalFps());
    }

    private void waitBeforeRetry(long millis) throws InterruptedException {
        synchronized (retryLock) {
            long deadline = System.currentTimeMillis() + millis;
            long left;
            while (!closed && (left = deadline - System.currentTimeMillis()) > 0) {
                retryLock.wait(left);
            }
        }
    }

    /** Stops capturing and releases the source; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (retryLock) {
            retryLock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
