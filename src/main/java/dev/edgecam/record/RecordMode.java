package dev.edgecam.record;

import java.util.Locale;

/** Whether a camera records, and what. */
public enum RecordMode {
    /** Every frame, in segments of a set length, day and night. */
    CONTINUOUS,
    /**
     * Clips around motion only: from a keyframe at least the motion's {@code pre} time before it starts until its
     * {@code post} time after it ends (needs motion detection on the camera).
     */
    MOTION,
    /** Nothing is recorded. */
    OFF;

    /** @throws IllegalArgumentException for anything but {@code continuous}, {@code motion} or {@code off} */
    public static RecordMode parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        for (RecordMode mode : values()) {
            if (mode.label().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a record mode; use continuous, motion or off");
    }

    /** Its name in the config file and {@code /state}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
