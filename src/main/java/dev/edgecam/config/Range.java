package dev.edgecam.config;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;

/**
 * The values a number setting may take. The flags of {@code edgecam serve} and the keys of its config file check
 * against these same constants, so the two can never disagree.
 *
 * @param min the smallest allowed value
 * @param max the largest allowed value
 * @param whole true when only whole numbers are allowed
 */
public record Range(double min, double max, boolean whole) {

    public static final Range FPS = new Range(1, EncodeSettings.MAX_FPS_LIMIT, false);
    public static final Range QUALITY = new Range(1, 100, true);
    public static final Range MOTION_FPS = new Range(0.5, 30, false);
    public static final Range SHARE = new Range(0, 1, false);
    /** Ports: 0 picks a free one (the legacy port), or turns HTTP off ({@code --http-port 0}). */
    public static final Range PORT = new Range(0, 65535, true);
    public static final Range STATUS_INTERVAL_SECONDS = new Range(0, 3600, true);
    public static final Range MAX_CLIENTS = new Range(1, 100_000, true);
    public static final Range IDLE_TIMEOUT_SECONDS = new Range(0, 30L * 24 * 3600, true);
    public static final Range REQUEST_TIMEOUT_SECONDS = new Range(1, 3600, true);
    public static final Range WRITE_TIMEOUT_SECONDS = new Range(1, 3600, true);
    /** A multicast packet's IP time-to-live: 1 stays on the LAN segment. */
    public static final Range MULTICAST_TTL = new Range(1, 255, true);
    public static final Range KEYFRAME_INTERVAL_SECONDS = new Range(H264Settings.MIN_KEYFRAME_SECONDS,
            H264Settings.MAX_KEYFRAME_SECONDS, false);

    public boolean contains(double value) {
        return value >= min && value <= max && (!whole || value == Math.rint(value));
    }

    /** "1 to 100", as the messages of both the flags and the config file write it. */
    public String bounds() {
        return plain(min) + " to " + plain(max);
    }

    /** "a whole number from 1 to 100": what a config key of this range expects. */
    public String expectation() {
        return (whole ? "a whole number" : "a number") + " from " + bounds();
    }

    /** A number without a needless ".0". */
    public static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
