package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Encoder;
import dev.edgecam.encode.H264EncoderChoice;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.encode.JpegDecoder;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import java.util.ArrayDeque;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a camera's H.264 rendition ({@link Renditions#h264()}) for the capture loop: encodes each captured picture
 * once for every H.264 viewer, or passes the camera's own H.264 through untouched.
 *
 * <p><b>Only while watched.</b> The encoder opens on the first picture somebody wants, at the default rendition's
 * size, and closes when nobody has watched for {@link #IDLE_CLOSE_NANOS} (an open encoder holds tens of MB); a
 * change of size or rate (a frame-rate cap, "no signal" at 2 fps) reopens it. <b>Forced keyframes.</b> When the hub
 * has no keyframe to start a new viewer from ({@link GopHub#keyframeWanted()}) the next picture is forced to one, at
 * most once per
 * {@link #MIN_FORCED_KEYFRAME_GAP_NANOS}. <b>Timestamps</b> come from the capture time (90 kHz), so a frame-rate cap
 * or a slow source never makes the rate control see a wrong time. <b>Failures</b> are logged once per streak; the
 * rendition then gets nothing, and the encoder is reopened after {@link #RETRY_NANOS}.
 *
 * <p>Used by the capture thread only; {@link #status()} from any thread.
 */
final class H264Publisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H264Publisher.class);
    static final long IDLE_CLOSE_NANOS = 10_000_000_000L;
    static final long MIN_FORCED_KEYFRAME_GAP_NANOS = 1_000_000_000L;
    static final long RETRY_NANOS = 5_000_000_000L;

    /** Opens an encoder for a camera: {@link H264EncoderChoice#open} in production, a counting one in tests. */
    @FunctionalInterface
    interface EncoderOpener {
        H264Encoder open(H264Settings settings, Size size, double fps);
    }

    /** A picture given to the encoder and not out yet (a hardware encoder may hold a few). */
    private record Pending(long pts, long sequence, long captureNanos, long captureEpochMicros) {
    }

    private final GopHub hub;
    private final PipelineStats stats;
    private final EncoderOpener opener;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private volatile H264Settings settings;
    /** Written by the capture thread only; volatile for {@link #status()}. */
    private volatile H264Encoder encoder;
    /** Set by {@link #updateSettings}: the capture thread reopens the encoder with the new settings. */
    private volatile boolean settingsChanged;
    private long ptsOriginNanos;
    /** The rate the open encoder was made for (its keyframe interval and bitrate depend on it). */
    private double openedFps;
    private long lastPts = -1;
    private long lastWatchedNanos;
    private long lastForcedNanos = Long.MIN_VALUE / 2;
    private long retryAfterNanos = Long.MIN_VALUE / 2;
    private boolean failing;

    private volatile String encoderName = "";
    private volatile boolean passthrough;
    private volatile long encodeNanos;
    private volatile long framesEncoded;
    private volatile long keyframesForced;
    private volatile long encoderOpens;

    H264Publisher(GopHub hub, PipelineStats stats, H264Settings settings, EncoderOpener opener) {
        this.hub = hub;
        this.stats = stats;
        this.settings = settings;
        this.opener = opener;
    }

    /** The production opener: the encoder the settings ask for, chosen and logged under the capture thread's name. */
    static H264Encoder choose(H264Settings settings, Size size, double fps) {
        return H264EncoderChoice.open(settings.encoder(), size, fps, settings.bitrateFor(size, fps),
                settings.keyframeFrames(fps), Thread.currentThread().getName()).encoder();
    }

    /** True while somebody watches the H.264 rendition. */
    boolean wanted() {
        return hub.hasDemand();
    }

    /** Applies new settings (from any thread): the encoder is reopened with them at the next picture. */
    void updateSettings(H264Settings newSettings) {
        settings = newSettings;
        settingsChanged = true;
    }

    H264Settings settings() {
        return settings;
    }

    /**
     * Encodes a captured picture as frame {@code sequence} if anybody watches: pixels as they are, a camera's JPEG
     * after decoding it (an MJPEG camera's H.264 rendition); at the live settings' output size, else as captured.
     */
    void publishCapture(Capture capture, EncodeSettings current, Size captured, double sourceFps, long sequence) {
        if (!hub.hasDemand()) {
            return;
        }
        Size size = current.outputSize() == null ? captured : current.outputSize();
        // The rate the encoder sees: the frame-rate cap when there is one (the keyframe interval and bitrate follow it).
        double fps = current.maxFps() == 0 ? sourceFps : sourceFps > 0 ? Math.min(sourceFps, current.maxFps())
                : current.maxFps();
        if (capture instanceof Capture.Pixels pixels) {
            publishPicture(pixels.bgr(), size, fps, sequence, capture.captureNanos(), capture.captureEpochMicros());
            return;
        }
        byte[] jpeg = capture instanceof Capture.Jpeg own ? own.jpeg() : ((Capture.Encoded) capture).bytes();
        try (Mat decoded = JpegDecoder.decode(jpeg)) {
            publishPicture(decoded, size, fps, sequence, capture.captureNanos(), capture.captureEpochMicros());
        } catch (IllegalStateException undecodable) {
            failed(undecodable, System.nanoTime());
        }
    }

    /**
     * Encodes {@code bgr} (any size; scaled to {@code size}) as frame {@code sequence} if anybody watches.
     *
     * @param fps the source's rate (for the bitrate and keyframe interval), 0 when unknown
     */
    void publishPicture(Mat bgr, Size size, double fps, long sequence, long captureNanos, long captureEpochMicros) {
        if (!hub.hasDemand()) {
            return;
        }
        long now = System.nanoTime();
        lastWatchedNanos = now;
        passthrough = false;
        if (!ensureEncoder(size, fps, now)) {
            return;
        }
        // (a new encoder's first picture, lastPts -1, is a keyframe anyway)
        boolean force = hub.keyframeWanted() && lastPts >= 0 && now - lastForcedNanos >= MIN_FORCED_KEYFRAME_GAP_NANOS;
        long pts = Math.max(lastPts + 1, (captureNanos - ptsOriginNanos) * H264Encoder.TIME_BASE_HZ / 1_000_000_000L);
        lastPts = pts;
        pending.add(new Pending(pts, sequence, captureNanos, captureEpochMicros));
        try {
            long started = System.nanoTime();
            var pictures = encoder.encode(bgr, pts, force);
            long took = System.nanoTime() - started;
            // Not stats.recordEncode: that is the JPEG encoder's figure (/state's encoder, /metrics' histogram).
            encodeNanos += took;
            framesEncoded++;
            if (force) {
                lastForcedNanos = now;
                keyframesForced++;
            }
            for (H264Encoder.EncodedPicture picture : pictures) {
                publish(picture);
            }
            failing = false;
        } catch (RuntimeException e) {
            failed(e, now);
        }
    }

    private void publish(H264Encoder.EncodedPicture picture) {
        Pending taken = pending.poll();
        while (taken != null && taken.pts() < picture.pts() && !pending.isEmpty()) {
            taken = pending.poll(); // a picture the encoder dropped
        }
        if (taken == null) {
            return;
        }
        Size size = encoder.size();
        Frame frame = Frame.h264(taken.sequence(), taken.captureNanos(), taken.captureEpochMicros(), size.width(),
                size.height(), picture.keyframe(), picture.accessUnit());
        stats.h264Published.increment();
        stats.h264PublishedBytes.add(frame.size());
        hub.publish(frame);
    }

    /**
     * Passes a camera's own H.264 access unit to the hub untouched, as frame {@code sequence}, if anyone watches;
     * returns whether it did.
     */
    boolean publishPassthrough(Capture.Encoded packet, long sequence) {
        if (!hub.hasDemand()) {
            return false;
        }
        lastWatchedNanos = System.nanoTime();
        if (!passthrough) {
            closeEncoder();
            passthrough = true;
            encoderName = "";
        }
        Frame frame = Frame.h264(sequence, packet.captureNanos(), packet.captureEpochMicros(), packet.width(),
                packet.height(), packet.keyframe(), packet.bytes(), packet.presentationOffsetMicros());
        stats.h264Published.increment();
        stats.h264PublishedBytes.add(frame.size());
        hub.publish(frame);
        return true;
    }

    /**
     * Called once per captured frame. While nobody watches, the hub's cached frames are released (they would show a
     * later viewer the past), and the encoder is closed once nobody has watched for {@link #IDLE_CLOSE_NANOS}.
     */
    void closeIfIdle(long nowNanos) {
        if (hub.hasDemand()) {
            return;
        }
        if (hub.retainedFrames() > 0) {
            hub.releaseCache();
        }
        if (encoder != null && nowNanos - lastWatchedNanos >= IDLE_CLOSE_NANOS) {
            log.info("ENCODE: nobody watched the H.264 rendition for {} s; closing {}", IDLE_CLOSE_NANOS / 1_000_000_000L,
                    encoder.name());
            closeEncoder();
        }
    }

    /** Opens (or reopens, for a new size) the encoder; false when it cannot now. */
    private boolean ensureEncoder(Size size, double fps, long now) {
        Size even = new Size(Math.max(2, size.width() & ~1), Math.max(2, size.height() & ~1));
        if (encoder != null && encoder.size().equals(even) && fps == openedFps && !settingsChanged) {
            return true;
        }
        settingsChanged = false;
        openedFps = fps;
        closeEncoder();
        if (now < retryAfterNanos) {
            return false;
        }
        try {
            encoder = opener.open(settings, even, fps);
        } catch (RuntimeException e) {
            failed(e, now);
            return false;
        }
        encoderOpens++;
        encoderName = encoder.name();
        ptsOriginNanos = now;
        lastPts = -1;
        return true;
    }

    private void failed(RuntimeException e, long now) {
        if (!failing) {
            log.error("ENCODE: the H.264 rendition gets no frames: {}; trying again in {} s", e.getMessage(),
                    RETRY_NANOS / 1_000_000_000L);
            failing = true;
        }
        closeEncoder();
        retryAfterNanos = now + RETRY_NANOS;
    }

    private void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        pending.clear();
    }

    H264Status status() {
        H264Encoder current = encoder;
        long frames = framesEncoded;
        return new H264Status(encoderName, current != null, passthrough, current == null ? 0 : current.bitrate(),
                settings.keyframeIntervalSeconds(), frames == 0 ? 0 : encodeNanos / 1e6 / frames, frames,
                keyframesForced, encoderOpens, 0);
    }

    @Override
    public void close() {
        closeEncoder();
    }
}
