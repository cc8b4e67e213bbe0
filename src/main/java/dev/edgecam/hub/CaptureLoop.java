package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads the source, encodes each wanted frame once and publishes it to the hub.
 *
 * <p>While nobody watches it keeps the source's pace and encodes nothing. When the source fails it is closed and
 * reopened with backoff (1 s doubling to 30 s); clients stay connected meanwhile and, while anyone watches, get a
 * "no signal" frame with the time twice a second (see {@link NoSignalFeed}), published with the normal sequence, so
 * video resumes for everyone without reconnecting when the source returns. A source that could not be opened at all
 * takes the same path from the start ({@link #startingOffline}). So does any unexpected error of a source or encoder
 * step (a bug, or an {@link OutOfMemoryError} while allocating a frame): it heals like a camera failure instead of
 * stopping capture for good.
 */
public final class CaptureLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 30_000;
    /** How often viewers get a "no signal" frame while the source is offline; the original client waits 1 s per frame. */
    static final long NO_SIGNAL_INTERVAL_MILLIS = 500;

    private final FrameSource source;
    private final Renditions renditions;
    private final RenditionPublisher publisher;
    private final H264Publisher h264;
    private final H264DecodeForJpeg decodeForJpeg = new H264DecodeForJpeg();
    private final PipelineStats stats;
    private final AtomicReference<EncodeSettings> settings;
    private final Thread thread;
    private final Object retryLock = new Object();
    private final String openFailure; // why the source could not be opened at the start, or null when it opened
    private volatile SourceStatus status;
    /** The size of the source's last picture, before any scaling; null until it delivers one. */
    private volatile Size capturedSize;
    private volatile boolean closed;
    private long sequence;
    private long lastPublishedNanos;

    /** @param source an already opened source; the loop owns it from now on and closes it */
    public CaptureLoop(FrameSource source, FrameHub hub, PipelineStats stats, EncodeSettings initialSettings) {
        this(source, hub, stats, initialSettings, null);
    }

    private CaptureLoop(FrameSource source, FrameHub hub, PipelineStats stats, EncodeSettings initialSettings,
                        String openFailure) {
        this.source = source;
        this.renditions = new Renditions(hub);
        this.stats = stats;
        this.publisher = new RenditionPublisher(renditions, stats);
        this.h264 = new H264Publisher(renditions.h264(), stats, H264Settings.defaults(), H264Publisher::choose);
        this.settings = new AtomicReference<>(initialSettings);
        this.openFailure = openFailure;
        SourceStatus known = onlineStatus();
        this.status = openFailure == null ? known : known.offline(openFailure, 0);
        this.thread = new Thread(this::run, "edgecam-capture");
        this.thread.setDaemon(true);
    }

    /**
     * A loop for a source that could not be opened ({@code openFailure} says why), such as a camera not yet plugged
     * in or an IP camera still rebooting. It is offline from the start and takes the path of a source that failed
     * while running: viewers get "no signal", and the source is opened with backoff until it works (logged once).
     *
     * @param source a source whose {@link FrameSource#open()} failed; the loop owns it from now on and closes it
     */
    public static CaptureLoop startingOffline(FrameSource source, FrameHub hub, PipelineStats stats,
                                              EncodeSettings initialSettings, String openFailure) {
        // The reason goes last: FFmpeg's reasons end with their own punctuation.
        log.warn("SOURCE: {} is not available at start; serving 'no signal' meanwhile and trying again after {}. Why: {}",
                source.describe(), RetrySchedule.inWords(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS), openFailure);
        return new CaptureLoop(source, hub, stats, initialSettings, openFailure);
    }

    /** An online status with what the source knows about itself before its first frame. */
    private SourceStatus onlineStatus() {
        Size size = source.size();
        return SourceStatus.online(source.describe(), source.kind().label(), size == null ? 0 : size.width(),
                size == null ? 0 : size.height(), source.nominalFps());
    }

    /** Starts capturing on a thread named {@code threadName}, so that each camera's thread shows in a thread dump. */
    public void start(String threadName) {
        thread.setName(threadName);
        thread.start();
    }

    public EncodeSettings settings() {
        return settings.get();
    }

    /** Its JPEG hubs: the one of the live settings, and one per other size somebody watches. */
    public Renditions renditions() {
        return renditions;
    }

    /** Applies new settings from the next frame on. */
    public void updateSettings(EncodeSettings newSettings) {
        settings.set(newSettings);
        log.info("ENCODE: settings now quality {}, size {}, frame-rate cap {}", newSettings.quality(),
                newSettings.outputSize() == null ? "as captured" : newSettings.outputSize(),
                newSettings.maxFps() == 0 ? "none" : newSettings.maxFps());
    }

    /** Applies new H.264 settings: the encoder reopens with them at the next picture. */
    public void updateH264Settings(H264Settings newSettings) {
        h264.updateSettings(newSettings);
    }

    /** The H.264 settings in force (the bitrate asked for, or auto). */
    public H264Settings h264Settings() {
        return h264.settings();
    }

    /** The H.264 rendition's encoder (or passthrough) as {@code /state} shows it. */
    public H264Status h264Status() {
        return h264.status().withDecoderOpens(decodeForJpeg.decoderOpens());
    }

    public SourceStatus status() {
        return status;
    }

    /** The size of the source's pictures as captured (before scaling), or null while it is not known. */
    public Size sourceSize() {
        Size captured = capturedSize;
        return captured != null ? captured : source.size();
    }

    /** The rate the source aims for, or 0 when unknown. */
    public double sourceFps() {
        return source.nominalFps();
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        try (JpegEncoder encoder = new JpegEncoder()) {
            if (openFailure != null) {
                retryMillis = recover(openFailure, retryMillis, encoder);
            }
            while (!closed) {
                try {
                    captureOne(encoder);
                    retryMillis = FIRST_RETRY_MILLIS;
                } catch (SourceException e) {
                    if (closed) {
                        break;
                    }
                    log.warn("SOURCE: {}; showing 'no signal' and retrying in {} s", e.getMessage(), retryMillis / 1000);
                    retryMillis = recover(e.getMessage(), retryMillis, encoder);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Throwable e) {
                    if (closed) {
                        break;
                    }
                    // A bug or an exhausted heap (a huge frame) must not end capture for everyone until a restart.
                    // Closing and reopening the source frees what it held, and the backoff keeps a repeat cheap.
                    log.error("CAPTURE: unexpected error; showing 'no signal' and reopening the source in {} s",
                            retryMillis / 1000, e);
                    retryMillis = recover("capture failed: " + e, retryMillis, encoder);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("CAPTURE: stopped by an unexpected error; the server keeps its clients but no new frames arrive", e);
            markOffline("capture stopped: " + e);
        } finally {
            h264.close();
            decodeForJpeg.close();
            source.close();
        }
    }

    private void captureOne(JpegEncoder encoder) throws SourceException, InterruptedException {
        boolean wanted = renditions.hasDemand();
        Capture capture = source.next(wanted);
        stats.captured.increment();
        if (!status.description().equals(source.describe())) {
            // The source became another (auto switching to a camera that appeared): say so now, watched or not.
            status = onlineStatus();
        }
        h264.closeIfIdle(System.nanoTime());
        if (capture == null || !renditions.hasDemand()) {
            return;
        }
        boolean ownH264 = capture instanceof Capture.Encoded packet && packet.codec() == Codec.H264;
        EncodeSettings current = settings.get();
        boolean capped = current.maxFps() > 0 // the JPEG frame-rate cap; a camera's own H.264 goes uncapped (below)
                && capture.captureNanos() - lastPublishedNanos < minIntervalNanos(current.maxFps());
        if (capped && !ownH264) {
            return;
        }
        if (capturedSize == null || capturedSize.width() != capture.width() || capturedSize.height() != capture.height()) {
            capturedSize = new Size(capture.width(), capture.height());
        }
        if (ownH264) { // every access unit passed through (a dropped one breaks the picture); decoded for JPEG viewers
            Size shown = h264.publishPassthrough((Capture.Encoded) capture, ++sequence) ? capturedSize : null;
            Mat decoded = decodeForJpeg.picture((Capture.Encoded) capture, renditions.hasJpegDemand());
            if (decoded != null && !capped) {
                lastPublishedNanos = capture.captureNanos();
                Size jpegShown = publisher.publish(new Capture.Pixels(decoded, capture.captureNanos(),
                        capture.captureEpochMicros()), null, capturedSize, sequence, current, encoder);
                shown = jpegShown != null ? jpegShown : shown;
            }
            markOnline(shown);
            return;
        }
        byte[] passthrough = capture instanceof Capture.Jpeg jpeg ? jpeg.jpeg()
                : capture instanceof Capture.Encoded packet ? packet.bytes() : null; // a JPEG: H.264 went above
        lastPublishedNanos = capture.captureNanos();
        markOnline(publisher.publish(capture, passthrough, capturedSize, ++sequence, current, encoder));
        h264.publishCapture(capture, current, capturedSize, source.nominalFps(), sequence);
    }

    /** Online again, at the size of the default rendition's newest frame ({@code shown}; null when nobody watched it). */
    private void markOnline(Size shown) {
        if (shown != null && (!status.online() || status.width() != shown.width() || status.height() != shown.height())) {
            status = SourceStatus.online(source.describe(), source.kind().label(), shown.width(), shown.height(),
                    source.nominalFps());
        } else if (!status.online()) {
            status = onlineStatus(); // only other sizes are watched: back online all the same
        }
    }

    /** A little under the exact interval, so that a cap equal to the source rate does not halve it by jitter. */
    private static long minIntervalNanos(double maxFps) {
        return (long) (1_000_000_000d / maxFps * 0.9);
    }

    /**
     * Closes the failed source, shows "no signal" to viewers and reopens the source with backoff until it is back or
     * the loop is closed. Returns the delay to start from if it fails again before a frame (a frame resets it).
     */
    private long recover(String reason, long retryMillis, JpegEncoder encoder) throws InterruptedException {
        stats.sourceFailures.increment();
        status = status.offline(reason, 0);
        source.close();
        try (NoSignalFeed feed = new NoSignalFeed(status.width(), status.height())) {
            int failedRetries = 0;
            while (!closed) {
                showNoSignalFor(retryMillis, feed, encoder);
                retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
                String failure = reopen();
                if (failure == null || closed) {
                    return retryMillis;
                }
                failedRetries++;
                boolean changed = !failure.equals(status.lastError());
                status = status.offline(failure, failedRetries);
                // Once per new reason and then at doubling counts: a source gone for months must not flood the log.
                if (changed || Integer.bitCount(failedRetries) == 1) {
                    log.warn("SOURCE: still offline after {} tries: {}; next try in {} s", failedRetries, failure,
                            retryMillis / 1000);
                }
            }
        }
        return retryMillis;
    }

    /** Opens the source again; returns null when it is back, else why not. */
    private String reopen() {
        if (closed) {
            return "closed";
        }
        try {
            source.open();
            log.info("SOURCE: {} opened after {} s offline; video resumes", source.describe(),
                    status.offlineSince() == null ? 0 : Duration.between(status.offlineSince(), Instant.now()).toSeconds());
            status = onlineStatus();
            return null;
        } catch (SourceException e) {
            source.close();
            return e.getMessage();
        } catch (RuntimeException | Error e) {
            // Not a failure the source foresaw (a bug, or out of memory while opening): retried all the same.
            source.close();
            return "reopening failed: " + e;
        }
    }

    private void markOffline(String reason) {
        status = status.offline(reason, status.retries());
    }

    /** Waits {@code millis} before the next reopen; meanwhile publishes a "no signal" frame every interval while anyone watches. */
    private void showNoSignalFor(long millis, NoSignalFeed feed, JpegEncoder encoder) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!closed) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMillis <= 0) {
                return;
            }
            if (renditions.hasDemand()) {
                publishNoSignal(feed, encoder);
            }
            synchronized (retryLock) {
                if (!closed) {
                    retryLock.wait(Math.min(leftMillis, NO_SIGNAL_INTERVAL_MILLIS));
                }
            }
        }
    }

    /** Publishes one "no signal" frame to every rendition somebody watches, at its size, H.264 included. */
    private void publishNoSignal(NoSignalFeed feed, JpegEncoder encoder) {
        long frameSequence = ++sequence;
        Instant now = Instant.now();
        publisher.publishEach(settings.get(), atSize -> feed.frameOrNull(frameSequence, status, now, encoder, atSize));
        if (h264.wanted()) {
            Size size = settings.get().outputSize() != null ? settings.get().outputSize() : feed.size();
            feed.withPicture(status, now, picture -> h264.publishPicture(picture, size, 1000d / NO_SIGNAL_INTERVAL_MILLIS,
                    frameSequence, System.nanoTime(), Capture.nowEpochMicros()));
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
