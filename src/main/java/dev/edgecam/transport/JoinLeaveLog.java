package dev.edgecam.transport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Decides which join and leave lines the client registry writes: every line for the first
 * {@link #LINES_PER_WINDOW} from one transport and address in a window (a minute), then only a count, written as
 * one summary line ("57 more joins and 57 more leaves from 192.0.2.7 within 60 s") once the window is over
 * (with the next join or leave of any client after that). A client that reconnects in a loop so costs a dozen
 * lines a minute instead of two per connection (176 KB/s from one client before).
 *
 * <p>Thread-safe. The table is bounded ({@link #MAX_ADDRESSES}); past it, new addresses share one entry.
 */
final class JoinLeaveLog {

    static final int LINES_PER_WINDOW = 10;
    static final int MAX_ADDRESSES = 1024;
    private static final String MANY = "(many addresses)";
    /** How often expired windows are looked for, so that a busy server does not scan the table on every join. */
    private static final long SWEEP_NANOS = 1_000_000_000L;

    private final Logger log;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new HashMap<>();
    private long lastSweepNanos;

    private static final class Window {
        final String label;
        final String host;
        final long startNanos;
        int logged;
        long joinsUnlogged;
        long leavesUnlogged;

        Window(String label, String host, long startNanos) {
            this.label = label;
            this.host = host;
            this.startNanos = startNanos;
        }
    }

    JoinLeaveLog(Logger log, long windowMillis, LongSupplier nanoClock) {
        this.log = log;
        this.windowNanos = windowMillis * 1_000_000L;
        this.nanoClock = nanoClock;
        this.lastSweepNanos = nanoClock.getAsLong();
    }

    /**
     * Counts a join or leave of a client of {@code label} from {@code host}.
     *
     * @return true when its own line should be written; false when it is only counted for the summary
     */
    synchronized boolean shouldLog(String label, String host, boolean join) {
        long now = nanoClock.getAsLong();
        if (now - lastSweepNanos >= SWEEP_NANOS) {
            lastSweepNanos = now;
            sweep(now);
        }
        String key = label + " " + host;
        if (!windows.containsKey(key) && windows.size() >= MAX_ADDRESSES) {
            key = label + " " + MANY;
            host = MANY;
        }
        Window window = windows.get(key);
        if (window != null && now - window.startNanos >= windowNanos) {
            summarise(window);
            window = null;
        }
        if (window == null) {
            window = new Window(label, host, now);
            windows.put(key, window);
        }
        if (window.logged < LINES_PER_WINDOW && !window.host.equals(MANY)) {
            window.logged++;
            return true;
        }
        if (join) {
            window.joinsUnlogged++;
        } else {
            window.leavesUnlogged++;
        }
        return false;
    }

    private void sweep(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window window = it.next();
            if (now - window.startNanos >= windowNanos) {
                summarise(window);
                it.remove();
            }
        }
    }

    private void summarise(Window window) {
        if (window.joinsUnlogged + window.leavesUnlogged > 0) {
            log.info("{}: {} more joins and {} more leaves from {} within {} s, not logged one by one",
                    window.label, window.joinsUnlogged, window.leavesUnlogged, window.host, windowNanos / 1_000_000_000L);
        }
    }
}
