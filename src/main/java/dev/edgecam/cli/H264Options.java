package dev.edgecam.cli;

import dev.edgecam.config.Range;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The one-camera form's H.264 flags ({@code serve} without {@code --config}); the config file has them per camera. */
final class H264Options {

    @Option(names = "--h264-encoder", paramLabel = "NAME", converter = EncoderConverter.class,
            description = "H.264 encoder: auto (a hardware encoder FFmpeg can open: h264_v4l2m2m on a Raspberry Pi 4, "
                    + "h264_vaapi on Intel; else openh264), openh264, libx264 (GPL build only: mvn -Pgpl), h264_v4l2m2m "
                    + "or h264_vaapi. Used only while somebody watches H.264.")
    H264EncoderName encoder = H264EncoderName.AUTO;

    @Option(names = "--h264-bitrate", paramLabel = "BITS", converter = BitrateConverter.class,
            description = "H.264 bits per second: a number, or with k or M (1500k, 2M); auto (the default) scales "
                    + "2M at 1280x720 30 fps to the picture.")
    long bitrate = H264Settings.AUTO_BITRATE;

    @Option(names = "--keyframe-interval", paramLabel = "SECONDS",
            description = "Seconds between H.264 keyframes (0.1 to 60; default 2). A new viewer never waits for one.")
    double keyframeSeconds = H264Settings.DEFAULT_KEYFRAME_SECONDS;

    /** The settings, with the interval checked against the config key's range. */
    H264Settings toSettings(CommandSpec spec) {
        Converters.requireRange(spec, "--keyframe-interval", keyframeSeconds, Range.KEYFRAME_INTERVAL_SECONDS);
        return new H264Settings(encoder, bitrate, keyframeSeconds);
    }

    static final class EncoderConverter implements ITypeConverter<H264EncoderName> {
        @Override
        public H264EncoderName convert(String value) {
            try {
                return H264EncoderName.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class BitrateConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return H264Settings.parseBitrate(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
