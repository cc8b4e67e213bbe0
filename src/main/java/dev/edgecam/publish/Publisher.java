package dev.edgecam.publish;

import dev.edgecam.frame.AnnexB;
import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.media.H264ParameterSets;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one camera's H.264 rendition to one media server, on its own thread, and connects again with
 * {@link Backoff} whenever the server goes away or cannot be reached.
 *
 * <p>While connected it is a subscriber of the camera's {@link GopHub}, like an RTSP viewer: that is demand, so the
 * camera encodes (or passes through) H.264 while it publishes, once for every viewer and publisher. While waiting to
 * connect again it is not subscribed, and the encoder may idle.
 *
 * <p><b>Never blocks the hub:</b> the hub only wakes this thread; the frames stay in the hub's own bounded ring
 * ({@link GopHub.Limits}, 300 frames and 8 MiB by default), which is this publisher's queue. When the server takes
 * frames more slowly than they come and the publisher falls out of the ring, it skips to the next keyframe (the
 * frames in between count in {@link PublishStatus#framesSkipped()}); the other viewers never notice.
 *
 * <p>A keyframe whose SPS or PPS differ from the connection's (the live settings changed the size) starts a new
 * connection at once, without backoff: the stream's header cannot change mid-stream.
 */
public final class Publisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    /** The longest a connect or one frame's write may take before the server counts as gone. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(10);
    /** The longest the thread sleeps between checks that it was closed, when no frame comes. */
    private static final long WAIT_SLICE_MILLIS = 500;
    private static final long JOIN_MILLIS = 15_000;

    private final String cameraId;
    private final PublishTarget target;
    private final GopHub hub;
    private final Backoff backoff;
    private final Duration ioTimeout;
    private final Thread thread;
    private final Object wake = new Object();
    private boolean woken;
    private volatile boolean closed;
    private volatile boolean connected;
    /** Whether the current try got as far as connecting (then the next failure starts the backoff again). */
    private boolean connectedThisTry;
    private volatile GopHub.Subscriber subscriber;
    private volatile long bytes;
    private volatile long frames;
    private volatile long skippedBefore;
    private volatile long errors;
    private volatile long retries;
    private volatile String lastError;

    private Publisher(String cameraId, PublishTarget target, GopHub hub, Backoff backoff, Duration ioTimeout) {
        this.cameraId = cameraId;
        this.target = target;
        this.hub = hub;
        this.backoff = backoff;
        this.ioTimeout = ioTimeout;
        this.thread = new Thread(this::run, "edgecam-publish-" + cameraId);
        thread.setDaemon(true);
    }

    /** Starts pushing {@code hub}'s frames to {@code target}; the first connection is tried at once. */
    public static Publisher start(String cameraId, PublishTarget target, GopHub hub, Backoff backoff) {
        return start(cameraId, target, hub, backoff, IO_TIMEOUT);
    }

    /** As {@link #start(String, PublishTarget, GopHub, Backoff)}; a silent server is given up after {@code ioTimeout}. */
    static Publisher start(String cameraId, PublishTarget target, GopHub hub, Backoff backoff, Duration ioTimeout) {
        Publisher publisher = new Publisher(cameraId, target, hub, backoff, ioTimeout);
        publisher.thread.start();
        return publisher;
    }

    public PublishTarget target() {
        return target;
    }

    public PublishStatus status() {
        GopHub.Subscriber current = subscriber;
        return new PublishStatus(target.redacted(), connected, bytes, frames,
                skippedBefore + (current == null ? 0 : current.framesSkipped()), errors, retries, lastError);
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            connectedThisTry = false;
            try {
                connectAndPush();
                failures = 0; // closed, or a new picture size: connect again now
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                errors++;
                String error = e.getMessage() == null ? e.toString() : e.getMessage();
                boolean sameAgain = !connectedThisTry && error.equals(lastError);
                lastError = error;
                failures = connectedThisTry ? 1 : failures + 1;
                long delay = backoff.delayMillis(failures, ThreadLocalRandom.current());
                if (sameAgain) { // a server that stays down is said once, not every 30 s
                    log.debug("PUBLISH: camera {} to {}: {} (again, {} in a row); trying again in {} ms", cameraId,
                            target, error, failures, delay);
                } else {
                    log.warn("PUBLISH: camera {} to {}: {} (trying again in {} ms, then less often: at most every {} ms)",
                            cameraId, target, error, delay, backoff.max().toMillis());
                }
                if (!sleep(delay)) {
                    break;
                }
                retries++;
            }
        }
        log.info("PUBLISH: camera {} to {}: stopped", cameraId, target);
    }

    /** One connection: from the hub's keyframe on until it breaks (throws), the picture size changes or closing. */
    private void connectAndPush() throws IOException {
        GopHub.Subscriber taking = hub.subscribe(frame -> wakeUp());
        subscriber = taking;
        try {
            Frame frame = next(taking);
            if (frame == null) {
                return;
            }
            H264ParameterSets params = H264ParameterSets.of(frame.bytes());
            try (PublishMuxer muxer = PublishMuxer.open(target, params, ioTimeout, () -> closed)) {
                connected = true;
                connectedThisTry = true;
                log.info("PUBLISH: camera {} to {}: connected, pushing H.264 {}x{} as it is encoded (no second "
                        + "encode)", cameraId, target, params.width(), params.height());
                while (frame != null) {
                    long before = muxer.bytes();
                    muxer.write(frame);
                    bytes += muxer.bytes() - before;
                    frames++;
                    frame = next(taking);
                    if (frame != null && frame.keyframe() && !sameParameterSets(params, frame)) {
                        log.info("PUBLISH: camera {} to {}: the picture changed; connecting again with its new "
                                + "parameters", cameraId, target);
                        return;
                    }
                }
            } finally {
                connected = false;
            }
        } finally {
            taking.close();
            subscriber = null;
            skippedBefore += taking.framesSkipped();
        }
    }

    /** The subscriber's next frame, waiting for one; null once closed. */
    private Frame next(GopHub.Subscriber taking) {
        while (!closed) {
            Frame frame = taking.next();
            if (frame != null) {
                return frame;
            }
            synchronized (wake) {
                if (!woken && !closed) {
                    try {
                        wake.wait(WAIT_SLICE_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                woken = false;
            }
        }
        return null;
    }

    /** On the capture thread: only says there is a frame. */
    private void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private static boolean sameParameterSets(H264ParameterSets params, Frame keyframe) {
        return Arrays.equals(params.sps(), AnnexB.first(keyframe.bytes(), AnnexB.NAL_SPS))
                && Arrays.equals(params.pps(), AnnexB.first(keyframe.bytes(), AnnexB.NAL_PPS));
    }

    /** Waits {@code millis} unless closed first; returns whether to go on. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wake) {
            for (long left = millis; left > 0 && !closed;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                try {
                    wake.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !closed;
    }

    /** Asks the thread to stop: a network wait ends at once (FFmpeg's interrupt callback). See {@link #close()}. */
    void stop() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Stops pushing, tells the server goodbye if it still listens, and waits for the thread. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("PUBLISH: camera {} to {}: still finishing after {} ms; leaving it", cameraId, target,
                    JOIN_MILLIS);
        }
    }
}
