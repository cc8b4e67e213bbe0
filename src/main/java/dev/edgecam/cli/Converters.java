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

    /** A number without a needless ".0". */
    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
