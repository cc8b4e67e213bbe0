package dev.edgecam.cli;

import dev.edgecam.frame.Size;
import dev.edgecam.source.SourceSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters that turn flag text into values, or reject it with a message that says what is expected. */
final class Converters {

    private Converters() {
    }

    static final class SizeConverter implements ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            try {
                return Size.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SourceConverter implements ITypeConverter<SourceSpec> {
        @Override
        public SourceSpec convert(String value) {
            try {
                return SourceSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration written as seconds ({@code 20}, {@code 20s}), milliseconds ({@code 500ms}) or minutes ({@code 2m}). */
    static final class DurationConverter implements ITypeConverter<java.time.Duration> {
        /** The longest duration accepted: a day. */
        static final java.time.Duration MAX = java.time.Duration.ofDays(1);

        @Override
        public java.time.Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                java.time.Duration duration;
                if (text.endsWith("ms")) {
                    duration = java.time.Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                } else if (text.endsWith("m")) {
                    duration = java.time.Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                } else {
                    String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
                    duration = java.time.Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
                }
                if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
                    throw new TypeConversionException("'" + value + "' is out of range: give more than 0 and at most 24 hours");
                }
                return duration;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: write 20s, 500ms or 2m");
            }
        }
    }

    /** A number without a needless ".0". */
    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
