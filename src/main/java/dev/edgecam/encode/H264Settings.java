package dev.edgecam.encode;

import dev.edgecam.frame.Size;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a camera's H.264 rendition is encoded ({@code h264_encoder}, {@code h264_bitrate}, {@code keyframe_interval}).
 * Immutable.
 *
 * @param encoder which encoder, or {@link H264EncoderName#AUTO}
 * @param bitrate bits per second, or {@link #AUTO_BITRATE} to scale {@link #REFERENCE_BITRATE} to the picture
 * @param keyframeIntervalSeconds seconds between scheduled keyframes ({@value #MIN_KEYFRAME_SECONDS} to
 *     {@value #MAX_KEYFRAME_SECONDS}); a new viewer never waits for one (the GOP cache, or a forced keyframe)
 */
public record H264Settings(H264EncoderName encoder, long bitrate, double keyframeIntervalSeconds) {

    public static final long AUTO_BITRATE = 0;
    /** 2 Mbit/s at 1280x720 and 30 fps: what the default bitrate is proportional to (pixels × frames per second). */
    public static final long REFERENCE_BITRATE = 2_000_000;
    private static final double REFERENCE_PIXEL_RATE = 1280.0 * 720 * 30;
    /** The default never goes below this: a tiny picture at 1 fps still needs a few bits. */
    public static final long MIN_DEFAULT_BITRATE = 100_000;
    public static final long MIN_BITRATE = 10_000;
    public static final long MAX_BITRATE = 100_000_000;
    public static final double DEFAULT_KEYFRAME_SECONDS = 2;
    public static final double MIN_KEYFRAME_SECONDS = 0.1;
    public static final double MAX_KEYFRAME_SECONDS = 60;
    /** The rate a keyframe interval and a bitrate are computed for when the source does not say its own. */
    public static final double FALLBACK_FPS = 30;

    private static final Pattern BITRATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmM]?)(?:bit/s|bps|b)?");

    public H264Settings {
        Objects.requireNonNull(encoder, "encoder");
        if (bitrate != AUTO_BITRATE && (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE)) {
            throw new IllegalArgumentException("H.264 bitrate must be " + MIN_BITRATE + " to " + MAX_BITRATE
                    + " bit/s (such as 1500k or 2M), or auto; got " + bitrate);
        }
        if (!(keyframeIntervalSeconds >= MIN_KEYFRAME_SECONDS && keyframeIntervalSeconds <= MAX_KEYFRAME_SECONDS)) {
            throw new IllegalArgumentException("keyframe interval must be " + MIN_KEYFRAME_SECONDS + " to "
                    + (int) MAX_KEYFRAME_SECONDS + " s, got " + keyframeIntervalSeconds + " s");
        }
    }

    public static H264Settings defaults() {
        return new H264Settings(H264EncoderName.AUTO, AUTO_BITRATE, DEFAULT_KEYFRAME_SECONDS);
    }

    public H264Settings withEncoder(H264EncoderName newEncoder) {
        return new H264Settings(newEncoder, bitrate, keyframeIntervalSeconds);
    }

    public H264Settings withBitrate(long newBitrate) {
        return new H264Settings(encoder, newBitrate, keyframeIntervalSeconds);
    }

    public H264Settings withKeyframeInterval(double seconds) {
        return new H264Settings(encoder, bitrate, seconds);
    }

    /** The bitrate to encode {@code size} at {@code fps} with: the one asked for, else scaled to the picture. */
    public long bitrateFor(Size size, double fps) {
        if (bitrate != AUTO_BITRATE) {
            return bitrate;
        }
        double pixelRate = (double) size.width() * size.height() * usableFps(fps);
        return Math.max(MIN_DEFAULT_BITRATE, Math.round(REFERENCE_BITRATE * pixelRate / REFERENCE_PIXEL_RATE));
    }

    /** The keyframe interval in frames at {@code fps} (at least 1). */
    public int keyframeFrames(double fps) {
        return (int) Math.max(1, Math.round(keyframeIntervalSeconds * usableFps(fps)));
    }

    static double usableFps(double fps) {
        return fps > 0 && fps <= EncodeSettings.MAX_FPS_LIMIT ? fps : FALLBACK_FPS;
    }

    /**
     * Parses a bitrate: bits per second as a number, or with {@code k} (thousands) or {@code M} (millions):
     * {@code 2000000}, {@code 1500k}, {@code 2M}, {@code 2.5M}; {@code auto} for the default.
     */
    public static long parseBitrate(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equalsIgnoreCase("auto")) {
            return AUTO_BITRATE;
        }
        Matcher m = BITRATE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("H.264 bitrate '" + text + "' is not a number of bits per second:"
                    + " use such as 2000000, 1500k, 2M or auto");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double bits = number * (unit.equals("k") ? 1_000 : unit.equals("m") ? 1_000_000 : 1);
        if (bits < MIN_BITRATE || bits > MAX_BITRATE) {
            throw new IllegalArgumentException("H.264 bitrate '" + text + "' is out of range: use "
                    + MIN_BITRATE / 1000 + "k to " + MAX_BITRATE / 1_000_000 + "M");
        }
        return Math.round(bits);
    }
}
