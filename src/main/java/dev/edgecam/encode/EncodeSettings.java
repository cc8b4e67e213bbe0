package dev.edgecam.encode;

import dev.edgecam.frame.Size;

/**
 * How captured pictures become published frames. Immutable; the capture loop reads the current one for each
 * frame, so a change takes effect on the next frame without touching connected clients.
 *
 * <p>Quality and output size apply to frames edgecam encodes itself; JPEGs passed through from an MJPEG
 * camera or file are served exactly as they came.
 *
 * @param quality JPEG quality, 1 to 100
 * @param outputSize the size to scale pictures to, or {@code null} to keep the source's size
 * @param maxFps the most frames per second to publish ({@link #MIN_FPS} or more), or 0 for the source's own rate
 */
public record EncodeSettings(int quality, Size outputSize, double maxFps) {

    public static final int DEFAULT_QUALITY = 80;
    /** The lowest cap: below one frame a second viewers take a live camera for a frozen one. */
    public static final double MIN_FPS = 1;
    public static final double MAX_FPS_LIMIT = 240;

    public EncodeSettings {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1 to 100, got " + quality);
        }
        if (!(maxFps == 0 || (maxFps >= MIN_FPS && maxFps <= MAX_FPS_LIMIT))) {
            throw new IllegalArgumentException("frame-rate cap must be 0 (none) or " + (int) MIN_FPS + " to "
                    + (int) MAX_FPS_LIMIT + ", got " + maxFps);
        }
    }

    public static EncodeSettings defaults() {
        return new EncodeSettings(DEFAULT_QUALITY, null, 0);
    }

    public EncodeSettings withQuality(int newQuality) {
        return new EncodeSettings(newQuality, outputSize, maxFps);
    }

    public EncodeSettings withOutputSize(Size newSize) {
        return new EncodeSettings(quality, newSize, maxFps);
    }

    public EncodeSettings withMaxFps(double newMaxFps) {
        return new EncodeSettings(quality, outputSize, newMaxFps);
    }
}
