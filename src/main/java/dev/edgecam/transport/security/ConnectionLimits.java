package dev.edgecam.transport.security;

import java.time.Duration;

/**
 * How much any client may take, whoever it is. Every limit protects the other clients: a refused or dropped
 * client is logged once (rate-limited) and never affects anyone else.
 *
 * @param maxClients connections open at once over all transports; more are closed at once (HTTP gets a 503)
 * @param maxClientsPerAddress connections open at once from one address
 * @param legacyIdleTimeout a legacy connection with no byte in either direction for this long is closed; the
 *     original client sits at its prompt between commands, so this is long; {@link Duration#ZERO} never closes
 * @param requestTimeout an HTTP client must send a whole request head within this long of connecting or of its
 *     previous response (a slowloris sends headers a byte at a time and is answered 408)
 * @param writeTimeout a client that accepts no bytes of a frame for this long is disconnected (it has stopped
 *     reading; its one frame in flight is all it ever holds, see {@code FramePump})
 * @param maxRequestLineBytes longest HTTP request line (answered 414 beyond)
 * @param maxHeaderBytes largest HTTP header block (answered 431 beyond)
 */
public record ConnectionLimits(int maxClients, int maxClientsPerAddress, Duration legacyIdleTimeout,
                               Duration requestTimeout, Duration writeTimeout, int maxRequestLineBytes,
                               int maxHeaderBytes) {

    public static final int DEFAULT_MAX_CLIENTS = 512;
    public static final int DEFAULT_MAX_CLIENTS_PER_ADDRESS = 64;
    public static final Duration DEFAULT_LEGACY_IDLE_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 4096;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

    public ConnectionLimits {
        if (maxClients < 1 || maxClientsPerAddress < 1) {
            throw new IllegalArgumentException("client limits must be at least 1");
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

    public ConnectionLimits withClients(int newMax, int newPerAddress) {
        return new ConnectionLimits(newMax, newPerAddress, legacyIdleTimeout, requestTimeout, writeTimeout,
                maxRequestLineBytes, maxHeaderBytes);
    }

    public ConnectionLimits withTimeouts(Duration newLegacyIdle, Duration newRequest, Duration newWrite) {
        return new ConnectionLimits(maxClients, maxClientsPerAddress, newLegacyIdle, newRequest, newWrite,
                maxRequestLineBytes, maxHeaderBytes);
    }
}
