package dev.edgecam.hub;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.NoSignalPicture;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The "no signal" frames the capture loop publishes while its source is offline. The picture shows the time
 * to the second, so it is drawn and encoded at most once per second, however often it is published and
 * however many clients watch. It has the size of the last real picture, so players and recorders see no
 * change of size, or {@link #DEFAULT_SIZE} when the source never delivered one.
 */
final class NoSignalFeed implements AutoCloseable {

    static final Size DEFAULT_SIZE = new Size(640, 480);

    private final Size size;
    private NoSignalPicture picture;
    /** The picture encoded for each rendition's settings this second (a camera has a few renditions at most). */
    private final Map<EncodeSettings, Drawn> encoded = new HashMap<>();
    private long drawnSecond = Long.MIN_VALUE;
    private String drawnReason;

    NoSignalFeed(int lastWidth, int lastHeight) {
        this.size = lastWidth > 0 && lastHeight > 0 ? new Size(lastWidth, lastHeight) : DEFAULT_SIZE;
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
            if (picture == null) {
                picture = new NoSignalPicture(size);
            }
            Instant since = status.offlineSince() == null ? now : status.offlineSince();
            byte[] jpeg = encoder.encode(picture.draw(status.lastError(), since, now), settings);
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
