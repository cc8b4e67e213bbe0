package dev.edgecam.hub;

/** The capture loop's reopen delays (doubling from a first delay up to a most), in words for the log. */
final class RetrySchedule {

    private RetrySchedule() {
    }

    /** Such as {@code 1, 2, 4, 8, 16 s, then every 30 s}. */
    static String inWords(long firstMillis, long maxMillis) {
        StringBuilder text = new StringBuilder();
        for (long millis = firstMillis; millis < maxMillis; millis *= 2) {
            text.append(text.length() == 0 ? "" : ", ").append(millis / 1000);
        }
        return text + " s, then every " + maxMillis / 1000 + " s";
    }
}
