package dev.edgecam.transport.http;

import java.time.Duration;

/**
 * How the HTTP transport listens and how long it waits for people and programs.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param requestTimeout how long a connection may take to send a whole request, counted from when it opens or
 *     its previous response was sent; past that it gets 408 and is closed (stops idle and slowloris clients)
 * @param snapshotTimeout how long a snapshot waits for a frame captured after the request before answering 503
 * @param stalledWriteTimeout how long one frame may stay unsent to a stream client that stopped reading
 *     before the client is dropped
 */
public record HttpOptions(String host, int port, Duration requestTimeout, Duration snapshotTimeout,
                          Duration stalledWriteTimeout) {

    /** Longest request line (method, target, version) accepted; longer gets 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Most bytes of request headers accepted; more gets 431. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** Largest request body accepted ({@code PUT /settings} needs a few dozen bytes); larger gets 413. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0 to 65535, got " + port);
        }
        requirePositive("request timeout", requestTimeout);
        requirePositive("snapshot timeout", snapshotTimeout);
        requirePositive("stalled-write timeout", stalledWriteTimeout);
    }

    /** 10 s to send a request, 5 s for a snapshot, 30 s for a stalled stream client. */
    public static HttpOptions defaults(String host, int port) {
        return new HttpOptions(host, port, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public HttpOptions withRequestTimeout(Duration newTimeout) {
        return new HttpOptions(host, port, newTimeout, snapshotTimeout, stalledWriteTimeout);
    }

    public HttpOptions withStalledWriteTimeout(Duration newTimeout) {
        return new HttpOptions(host, port, requestTimeout, snapshotTimeout, newTimeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
