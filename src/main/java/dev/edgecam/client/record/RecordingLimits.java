package dev.edgecam.client.record;

import java.time.Duration;

/**
 * When a recording ends by itself; without limits it runs until stopped.
 *
 * @param maxFrames stop after this many frames; 0 for no limit
 * @param maxDuration stop once this much time has passed since the first frame; {@link Duration#ZERO} for no limit
 */
public record RecordingLimits(long maxFrames, Duration maxDuration) {

    public RecordingLimits {
        if (maxFrames < 0 || maxDuration == null || maxDuration.isNegative()) {
            throw new IllegalArgumentException("recording limits cannot be negative");
        }
    }

    public static RecordingLimits none() {
        return new RecordingLimits(0, Duration.ZERO);
    }

    public static RecordingLimits frames(long count) {
        return new RecordingLimits(count, Duration.ZERO);
    }

    public static RecordingLimits duration(Duration duration) {
        return new RecordingLimits(0, duration);
    }
}
