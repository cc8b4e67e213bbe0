package dev.edgecam.encode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The H.264 encoders a camera may ask for ({@code h264_encoder}, {@code --h264-encoder}), each with the name FFmpeg
 * knows it by. {@link #AUTO} takes a hardware encoder FFmpeg can open, else openh264 (see {@link H264EncoderChoice}).
 */
public enum H264EncoderName {
    AUTO("auto", null),
    /** Cisco's openh264 in the LGPL FFmpeg build: software, constrained baseline, on every platform. */
    OPENH264("openh264", "libopenh264"),
    /** x264: only in the GPL FFmpeg build ({@code mvn -Pgpl}). */
    LIBX264("libx264", "libx264"),
    /** The Raspberry Pi 4's hardware encoder (V4L2 memory-to-memory, {@code /dev/video11}). */
    H264_V4L2M2M("h264_v4l2m2m", "h264_v4l2m2m"),
    /** Intel's (and AMD's) hardware encoder through VA-API ({@code /dev/dri/renderD128}). */
    H264_VAAPI("h264_vaapi", "h264_vaapi");

    private final String configName;
    private final String ffmpegName;

    H264EncoderName(String configName, String ffmpegName) {
        this.configName = configName;
        this.ffmpegName = ffmpegName;
    }

    /** As written in the config file and on the command line. */
    public String configName() {
        return configName;
    }

    /** As FFmpeg names the encoder ({@code avcodec_find_encoder_by_name}); null for {@link #AUTO}. */
    public String ffmpegName() {
        return ffmpegName;
    }

    /** Parses a config value or flag; the message lists the accepted names. */
    public static H264EncoderName parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (H264EncoderName name : values()) {
            if (name.configName.equals(value) || value.equals(name.ffmpegName)) {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown H.264 encoder '" + text + "': use one of "
                + Arrays.stream(values()).map(H264EncoderName::configName).collect(Collectors.joining(", ")));
    }

    /** The encoder FFmpeg calls {@code ffmpegName}, or null for one edgecam does not offer. */
    public static H264EncoderName ofFfmpegName(String ffmpegName) {
        for (H264EncoderName name : values()) {
            if (ffmpegName.equals(name.ffmpegName)) {
                return name;
            }
        }
        return null;
    }
}
