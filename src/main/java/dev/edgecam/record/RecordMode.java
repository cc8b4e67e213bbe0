package dev.edgecam.record;

import java.util.Locale;

/** Whether a camera records, and what. */
public enum RecordMode {
    /** Every frame, in segments of a set length, day and night. */
    CONTINUOUS,
    /** Nothing is recorded. */
    OFF;

    /**
     * The mode a config value names: {@code continuous} or {@code off}.
     *
     * @throws IllegalArgumentException for anything else, saying what is accepted ({@code motion} is refused with
     *     the reason: event clips need motion detection, which this build does not have yet)
     */
    public static RecordMode parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("motion")) {
            throw new IllegalArgumentException("record mode 'motion' (event clips only) needs motion detection, which"
                    + " this build does not have yet; use continuous or off");
        }
        for (RecordMode mode : values()) {
            if (mode.label().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a record mode; use continuous or off");
    }

    /** Its name in the config file and {@code /state}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
