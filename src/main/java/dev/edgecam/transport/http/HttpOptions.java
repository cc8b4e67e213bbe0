package dev.edgecam.transport.http;

import dev.edgecam.security.access.ConnectionLimits;
import java.time.Duration;

/**
 * How the HTTP transport listens and how long and how much it accepts from people and programs.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param requestTimeout how long a connection may take to send a whole request, counted from when it opens or
 *     its previous response was sent; past that it gets 408 and is closed (stops idle and slowloris clients)
 * @param snapshotTimeout how long a snapshot waits for a frame captured after the request before answering 503
 * @param maxRequestLineBytes longest request line (method, target, version) accepted; longer gets 414
 * @param maxHeaderBytes most bytes of request headers accepted; more gets 431
 * @param settingsReadOnly true when {@code PUT /settings} is refused to everyone ({@code --read-only-settings})
 */
public record HttpOptions(String host, int port, Duration requestTimeout, Duration snapshotTimeout,
                          int maxRequestLineBytes, int maxHeaderBytes, boolean settingsReadOnly) {

    /** Largest request body accepted ({@code PUT /settings} needs a few dozen bytes); larger gets 413. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

    public HttpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0 to 65535, got " + port);
        }
        requirePositive("request timeout", requestTimeout);
        requirePositive("snapshot timeout", snapshotTimeout);
        if (maxRequestLineBytes < 256 || maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("HTTP needs at least 256 bytes of request line and 1024 of headers");
        }
    }

    /** The request timeout and size limits of {@code limits} (the {@code serve} flags), 5 s for a snapshot. */
    public static HttpOptions of(String host, int port, ConnectionLimits limits) {
        return new HttpOptions(host, port, limits.requestTimeout(), DEFAULT_SNAPSHOT_TIMEOUT,
                limits.maxRequestLineBytes(), limits.maxHeaderBytes(), false);
    }

    /** The default limits: 10 s to send a request, 4 KiB of request line, 8 KiB of headers. */
    public static HttpOptions defaults(String host, int port) {
        return of(host, port, ConnectionLimits.defaults());
    }

    public HttpOptions withRequestTimeout(Duration newTimeout) {
        return new HttpOptions(host, port, newTimeout, snapshotTimeout, maxRequestLineBytes, maxHeaderBytes,
                settingsReadOnly);
    }

    public HttpOptions withSettingsReadOnly(boolean readOnly) {
        return new HttpOptions(host, port, requestTimeout, snapshotTimeout, maxRequestLineBytes, maxHeaderBytes, readOnly);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
