package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.NoSignalPicture;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "no signal" frames the capture loop publishes while its source is offline. The picture shows the time
 * to the second, so it is drawn and encoded at most once per second, however often it is published and
 * however many clients watch. It has the size of the last real picture, so players and recorders see no
 * change of size, or {@link #DEFAULT_SIZE} when the source never delivered one.
 */
final class NoSignalFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NoSignalFeed.class);

    static final Size DEFAULT_SIZE = new Size(640, 480);

    private final Size size;
    private NoSignalPicture picture;
    /** The picture encoded for each rendition's settings this second (a camera has a few renditions at most). */
    private final Map<EncodeSettings, Drawn> encoded = new HashMap<>();
    private long drawnSecond = Long.MIN_VALUE;
    private String drawnReason;
    private int failures;

    NoSignalFeed(int lastWidth, int lastHeight) {
        this.size = lastWidth > 0 && lastHeight > 0 ? new Size(lastWidth, lastHeight) : DEFAULT_SIZE;
    }

    /** The size of its pictures. */
    Size size() {
        return size;
    }

    /** The frame to publish now, or null when it cannot be drawn or encoded (logged once per feed). */
    Frame frameOrNull(long sequence, SourceStatus status, Instant now, JpegEncoder encoder, EncodeSettings settings) {
        try {
            return frame(sequence, status, now, encoder, settings);
        } catch (RuntimeException | Error e) {
            if (failures++ == 0) {
                log.error("CAPTURE: cannot draw the 'no signal' picture; viewers get none while the source is offline", e);
            }
            return null;
        }
    }

    /** Draws the picture for now and hands it to {@code use} (the H.264 encoder), which must not keep it. */
    void withPicture(SourceStatus status, Instant now, Consumer<Mat> use) {
        use.accept(draw(status, now));
    }

    private Mat draw(SourceStatus status, Instant now) {
        if (picture == null) {
            picture = new NoSignalPicture(size);
        }
        return picture.draw(status.lastError(), status.offlineSince() == null ? now : status.offlineSince(), now);
    }

    /** The frame to publish now as number {@code sequence}; drawn lazily, so nothing is drawn while nobody watches. */
    Frame frame(long sequence, SourceStatus status, Instant now, JpegEncoder encoder, EncodeSettings settings) {
        if (now.getEpochSecond() != drawnSecond || !String.valueOf(status.lastError()).equals(drawnReason)) {
            encoded.clear();
            drawnSecond = now.getEpochSecond();
            drawnReason = String.valueOf(status.lastError());
        }
        Drawn drawn = encoded.get(settings);
        if (drawn == null) {
            byte[] jpeg = encoder.encode(draw(status, now), settings);
            Size out = settings.outputSize() == null ? size : settings.outputSize();
            drawn = new Drawn(out, jpeg);
            encoded.put(settings, drawn);
        }
        long epochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return new Frame(sequence, System.nanoTime(), epochMicros, drawn.size().width(), drawn.size().height(),
                drawn.jpeg());
    }

    private record Drawn(Size size, byte[] jpeg) {
    }

    @Override
    public void close() {
        if (picture != null) {
            picture.close();
            picture = null;
        }
    }
}
