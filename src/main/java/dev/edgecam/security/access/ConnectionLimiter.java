package dev.edgecam.security.access;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections over all transports, in total and per address, against {@link ConnectionLimits}.
 * One instance is shared by every transport of a server. Thread-safe: event loops call it concurrently.
 * The per-address map holds only addresses with a connection open, so it is bounded by the total limit.
 *
 * <p>With logins required, the last {@link #reserved()} places are kept for addresses that have logged in
 * within {@link #LOGIN_MEMORY_NANOS}: a host that never logs in (or many of them) cannot take every place,
 * and the people who use the camera still get in. Addresses are remembered from the login, at most
 * {@link #MAX_REMEMBERED} of them.
 */
public final class ConnectionLimiter {

    /** How long an address that logged in may use the reserved places. */
    static final long LOGIN_MEMORY_NANOS = 60L * 60 * 1_000_000_000L;
    static final int MAX_REMEMBERED = 4096;

    private final int maxClients;
    private final int maxPerAddress;
    private final int reserved;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> loggedIn = new ConcurrentHashMap<>();

    /** Limits without reserved places (no logins). */
    public ConnectionLimiter(ConnectionLimits limits) {
        this(limits, false);
    }

    /** @param loginsRequired true when HTTP asks for logins: then {@link ConnectionLimits#reservedForLogins()} places are kept */
    public ConnectionLimiter(ConnectionLimits limits, boolean loginsRequired) {
        this.maxClients = limits.maxClients();
        this.maxPerAddress = limits.maxClientsPerAddress();
        this.reserved = loginsRequired ? limits.reservedForLogins() : 0;
    }

    /** Places only addresses that have logged in may take. */
    public int reserved() {
        return reserved;
    }

    /**
     * Takes a place for a connection from {@code address}.
     *
     * @return null when taken (the caller must {@link #release} it once), else why not, for the log
     */
    public String tryAcquire(InetAddress address) {
        int limit = reserved > 0 && !recentlyLoggedIn(address) ? maxClients - reserved : maxClients;
        if (total.incrementAndGet() > limit) {
            total.decrementAndGet();
            return limit == maxClients ? "too many clients (limit " + maxClients + ", --max-clients)"
                    : "too many clients (limit " + maxClients + ", --max-clients, of which " + reserved
                            + " are kept for addresses that have logged in)";
        }
        String[] refused = new String[1];
        perAddress.compute(address, (key, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() >= maxPerAddress) {
                refused[0] = "too many clients from this address (limit " + maxPerAddress + ", --max-clients-per-address)";
            } else {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (refused[0] != null) {
            total.decrementAndGet();
        }
        return refused[0];
    }

    /** Gives back the place a successful {@link #tryAcquire} took. */
    public void release(InetAddress address) {
        perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        total.decrementAndGet();
    }

    /** Notes that {@code address} has just logged in, so its next connections may use the reserved places. */
    public void loggedIn(InetAddress address) {
        if (reserved == 0) {
            return;
        }
        long now = System.nanoTime();
        if (loggedIn.size() >= MAX_REMEMBERED && !loggedIn.containsKey(address)) {
            loggedIn.values().removeIf(at -> now - at > LOGIN_MEMORY_NANOS);
            if (loggedIn.size() >= MAX_REMEMBERED) {
                // Still full of recent logins: forget one rather than grow; it can log in again.
                Iterator<InetAddress> oldest = loggedIn.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        loggedIn.put(address, now);
    }

    private boolean recentlyLoggedIn(InetAddress address) {
        Long at = loggedIn.get(address);
        return at != null && System.nanoTime() - at <= LOGIN_MEMORY_NANOS;
    }

    public int open() {
        return total.get();
    }

    public int open(InetAddress address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }
}
