package dev.edgecam.transport.security;

import java.time.Duration;

/**
 * How much any client may take, whoever it is. Every limit protects the other clients: a refused or dropped
 * client is logged once (rate-limited) and never affects anyone else.
 *
 * @param maxClients connections open at once over all transports; more are closed at once (HTTP gets a 503)
 * @param maxClientsPerAddress connections open at once from one address; at most {@code maxClients}, and by
 *     default a quarter of it ({@link #defaultPerAddress}), so that one host can never take every place
 * @param legacyIdleTimeout a legacy connection with no byte in either direction for this long is closed; the
 *     original client sits at its prompt between commands, so this is long; {@link Duration#ZERO} never closes
 * @param requestTimeout an HTTP client must send a whole request (head and body) within this long of connecting or of its
 *     previous response (a slowloris sends headers a byte at a time and is answered 408)
 * @param writeTimeout a client that accepts no bytes of a frame for this long is disconnected (it has stopped
 *     reading; its one frame in flight is all it ever holds, see {@code FramePump})
 * @param maxRequestLineBytes longest HTTP request line (answered 414 beyond)
 * @param maxHeaderBytes largest HTTP header block (answered 431 beyond)
 * @see #firstRequestTimeout()
 * @see #reservedForLogins()
 */
public record ConnectionLimits(int maxClients, int maxClientsPerAddress, Duration legacyIdleTimeout,
                               Duration requestTimeout, Duration writeTimeout, int maxRequestLineBytes,
                               int maxHeaderBytes) {

    public static final int DEFAULT_MAX_CLIENTS = 512;
    /** The most {@link #defaultPerAddress} gives: a browser needs up to 6 connections, an NVR a few. */
    public static final int DEFAULT_MAX_CLIENTS_PER_ADDRESS = 64;
    /**
     * An HTTP connection that has sent no byte for this long after connecting is closed (or sooner, with a
     * shorter request timeout): a client that connects means to ask something, and an idle one holds a place.
     */
    public static final Duration FIRST_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LEGACY_IDLE_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 4096;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

    public ConnectionLimits {
        if (maxClients < 1 || maxClientsPerAddress < 1) {
            throw new IllegalArgumentException("client limits must be at least 1");
        }
        if (maxClientsPerAddress > maxClients) {
            throw new IllegalArgumentException("--max-clients-per-address " + maxClientsPerAddress + " is more than "
                    + "--max-clients " + maxClients + ", so one address could take every place; give at most "
                    + maxClients + " (by default a quarter: " + defaultPerAddress(maxClients) + ")");
        }
        if (legacyIdleTimeout.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()
                || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("request and write timeouts must be positive, idle timeout 0 or more");
        }
    }

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_ADDRESS, DEFAULT_LEGACY_IDLE_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_HEADER_BYTES);
    }

    /** The per-address limit when only {@code --max-clients} is given: a quarter of it, from 1 to 64. */
    public static int defaultPerAddress(int maxClients) {
        return Math.max(1, Math.min(DEFAULT_MAX_CLIENTS_PER_ADDRESS, maxClients / 4));
    }

    /**
     * Places kept for addresses that have logged in, when HTTP asks for logins: an eighth of {@code maxClients}
     * (at least 1, and none when there is only one place), so hosts that never log in cannot take them all.
     */
    public int reservedForLogins() {
        return maxClients < 2 ? 0 : Math.max(1, maxClients / 8);
    }

    /** How long an HTTP connection may stay silent after connecting: {@link #FIRST_REQUEST_TIMEOUT}, or the request timeout when shorter. */
    public Duration firstRequestTimeout() {
        return requestTimeout.compareTo(FIRST_REQUEST_TIMEOUT) < 0 ? requestTimeout : FIRST_REQUEST_TIMEOUT;
    }

    public ConnectionLimits withClients(int newMax, int newPerAddress) {
        return new ConnectionLimits(newMax, newPerAddress, legacyIdleTimeout, requestTimeout, writeTimeout,
                maxRequestLineBytes, maxHeaderBytes);
    }

    public ConnectionLimits withTimeouts(Duration newLegacyIdle, Duration newRequest, Duration newWrite) {
        return new ConnectionLimits(maxClients, maxClientsPerAddress, newLegacyIdle, newRequest, newWrite,
                maxRequestLineBytes, maxHeaderBytes);
    }
}
