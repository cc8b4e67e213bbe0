package dev.edgecam.transport.security;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections over all transports, in total and per address, against {@link ConnectionLimits}.
 * One instance is shared by every transport of a server. Thread-safe: event loops call it concurrently.
 * The per-address map holds only addresses with a connection open, so it is bounded by the total limit.
 */
public final class ConnectionLimiter {

    private final int maxClients;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(ConnectionLimits limits) {
        this.maxClients = limits.maxClients();
        this.maxPerAddress = limits.maxClientsPerAddress();
    }

    /**
     * Takes a place for a connection from {@code address}.
     *
     * @return null when taken (the caller must {@link #release} it once), else why not, for the log
     */
    public String tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxClients) {
            total.decrementAndGet();
            return "too many clients (limit " + maxClients + ", --max-clients)";
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

    public int open() {
        return total.get();
    }

    public int open(InetAddress address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }
}
