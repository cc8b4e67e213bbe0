package dev.edgecam.cli;

import dev.edgecam.frame.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1h30m}; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Duration LONGEST = Duration.ofDays(366);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        Duration total;
        try {
            total = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: write a number with a unit, such as 500ms, 5s, 2m, 1h or 1h30m");
        }
        if (total.compareTo(LONGEST) > 0) {
            throw new TypeConversionException("'" + value + "' is too long: at most 366 days");
        }
        return total;
    }
}
