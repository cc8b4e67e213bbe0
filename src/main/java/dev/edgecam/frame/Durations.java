package dev.edgecam.frame;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, for flags and the config file alike: {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, {@code 7d}, {@code 2w}, {@code 1h30m}; a bare number is seconds. Callers say what range makes sense.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException when {@code value} is not written that way (the caller's message should give
     *     examples that suit it)
     */
    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long amount = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            });
            at = m.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration");
        }
        return total;
    }

    /** The shortest way to write a whole number of seconds in those units, such as {@code 5m} or {@code 7d}. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        long[] sizes = {7 * 86_400, 86_400, 3600, 60};
        String[] units = {"w", "d", "h", "m"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds > 0 && seconds % sizes[i] == 0) {
                return seconds / sizes[i] + units[i];
            }
        }
        return seconds + "s";
    }
}
