package dev.edgecam.security.access;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refusals (blocked addresses, limits, failed logins) once per reason and address per window, then
 * says how many more were suppressed, so that a flood of thousands of connections costs a few log lines
 * instead of filling the disk. Thread-safe; the table is bounded ({@link #MAX_KEYS}): past it, refusals are
 * counted under one shared key.
 */
public final class RefusalLog {

    /** A refusal of the same kind from the same address is logged at most once per this window. */
    public static final long WINDOW_MILLIS = 60_000;
    static final int MAX_KEYS = 1024;
    private static final String OVERFLOW_KEY = "(many addresses)";

    private final Logger log;
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long startNanos;
        final AtomicLong suppressed = new AtomicLong();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    public RefusalLog(Logger log, long windowMillis) {
        this.log = log;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /**
     * Logs {@code "<stage>: refused <address>: <reason>"} unless the same reason for the same address was logged
     * within the window.
     *
     * @return true when a line was written
     */
    public boolean refused(String stage, String address, String reason) {
        return note(stage, "refused", address, reason);
    }

    /** Like {@link #refused} for a client that was admitted and is now thrown out. */
    public boolean dropped(String stage, String address, String reason) {
        return note(stage, "dropped", address, reason);
    }

    private boolean note(String stage, String verb, String address, String reason) {
        long now = System.nanoTime();
        String key = windows.size() >= MAX_KEYS && !windows.containsKey(stage + reason + address)
                ? stage + reason + OVERFLOW_KEY : stage + reason + address;
        if (windows.size() >= MAX_KEYS) {
            expire(now);
        }
        boolean[] fresh = new boolean[1];
        long[] suppressedBefore = new long[1];
        windows.compute(key, (k, w) -> {
            if (w == null || now - w.startNanos >= windowNanos) {
                fresh[0] = true;
                suppressedBefore[0] = w == null ? 0 : w.suppressed.get();
                return new Window(now);
            }
            w.suppressed.incrementAndGet();
            return w;
        });
        if (fresh[0]) {
            String who = key.endsWith(OVERFLOW_KEY) ? OVERFLOW_KEY : address;
            log.warn("{}: {} {}: {}{}", stage, verb, who, reason, suppressedBefore[0] > 0
                    ? " (" + suppressedBefore[0] + " more like it since the last line)" : "");
        }
        return fresh[0];
    }

    private void expire(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (now - it.next().startNanos >= windowNanos) {
                it.remove();
            }
        }
    }

    /** {@code text} as it may appear in a log line or reply: at most {@code maxChars}, anything but printable ASCII as '?'. */
    public static String printable(String text, int maxChars) {
        String cut = text.length() > maxChars ? text.substring(0, maxChars) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
