package dev.edgecam.motion;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a camera looks for motion ({@code motion:} of a camera in the config file, or the {@code --motion-*} flags).
 *
 * @param on whether it looks at all
 * @param fps pictures looked at per second (each one decoded small and grey from the newest frame)
 * @param sensitivity 0 to 1: how small a change of a pixel's brightness counts (1 counts the faintest)
 * @param minArea the share of the picture (0 to 1) that must change for motion
 * @param cooldown how long without motion ends an event
 * @param masks parts of the picture where motion does not count
 * @param pre in {@code record: {mode: motion}}, how much before the motion a clip starts (at a keyframe this early)
 * @param post in {@code record: {mode: motion}}, how long after the motion a clip goes on
 */
public record MotionConfig(boolean on, double fps, double sensitivity, double minArea, Duration cooldown,
                           List<MotionMask> masks, Duration pre, Duration post) {

    public static final double DEFAULT_FPS = 5;
    public static final double DEFAULT_SENSITIVITY = 0.5;
    public static final double DEFAULT_MIN_AREA = 0.01;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PRE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POST = Duration.ofSeconds(10);
    /** No motion detection: what a camera without {@code motion:} has. */
    public static final MotionConfig OFF = new MotionConfig(false, DEFAULT_FPS, DEFAULT_SENSITIVITY, DEFAULT_MIN_AREA,
            DEFAULT_COOLDOWN, List.of());

    public MotionConfig {
        masks = List.copyOf(masks);
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(pre, "pre");
        Objects.requireNonNull(post, "post");
        if (fps < 0.5 || fps > 30) {
            throw new IllegalArgumentException("motion fps " + fps + " is out of range; use 0.5 to 30");
        }
        if (sensitivity < 0 || sensitivity > 1) {
            throw new IllegalArgumentException("motion sensitivity " + sensitivity + " is out of range; use 0 to 1");
        }
        if (minArea <= 0 || minArea > 1) {
            throw new IllegalArgumentException("motion min_area " + minArea * 100 + "% is out of range; use more than"
                    + " 0% up to 100%");
        }
    }

    /** With the default {@code pre} and {@code post}. */
    public MotionConfig(boolean on, double fps, double sensitivity, double minArea, Duration cooldown,
                        List<MotionMask> masks) {
        this(on, fps, sensitivity, minArea, cooldown, masks, DEFAULT_PRE, DEFAULT_POST);
    }

    /** Motion detection with the defaults. */
    public static MotionConfig defaults() {
        return new MotionConfig(true, DEFAULT_FPS, DEFAULT_SENSITIVITY, DEFAULT_MIN_AREA, DEFAULT_COOLDOWN, List.of());
    }

    /** The brightness change (0 to 255) a pixel needs to count as changed: 10 at sensitivity 1, 50 at 0. */
    public int pixelThreshold() {
        return (int) Math.round(10 + (1 - sensitivity) * 40);
    }

    /** Whether a mode ({@code on} or {@code off}) turns motion detection on. */
    public static boolean parseMode(String text) {
        return switch (text.trim()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a motion mode; use on or off");
        };
    }

    /** A share written {@code 1%} or {@code 0.01}. */
    public static double parseArea(String text) {
        String value = text.trim();
        try {
            return value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
                    : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a share of the picture; write 1% or 0.01");
        }
    }
}
