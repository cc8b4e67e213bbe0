package dev.edgecam.client.receive;

import dev.edgecam.security.trust.TlsClientConfig;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.time.Duration;

/**
 * How a client talks to a server: how long it waits and how large a frame it accepts.
 *
 * @param connectTimeout how long to wait for the TCP connection
 * @param readTimeout how long to wait for the next whole frame, however slowly its bytes arrive (the original
 *     client waited 5 s for a single frame and 1 s per stream frame; one generous value serves slow cameras too)
 * @param maxFrameBytes the largest frame accepted; a larger announced length is refused before allocating
 * @param tls how an {@code https://} server is trusted ({@code --tls-pin}, {@code --tls-ca}); null: the system's CAs
 * @param authorization an {@code Authorization} header value for HTTP ({@code Bearer TOKEN}), or null; a
 *     {@code USER:PASSWORD@} in the URL is used when this is null
 * @param rtspTransport how an {@code rtsp://} stream's packets travel: interleaved in the TCP connection or over UDP
 */
public record ClientOptions(Duration connectTimeout, Duration readTimeout, int maxFrameBytes, TlsClientConfig tls,
                            String authorization, RtspTransport rtspTransport) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    public ClientOptions {
        requirePositive("connect timeout", connectTimeout);
        requirePositive("read timeout", readTimeout);
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("the maximum frame size must be positive, got " + maxFrameBytes);
        }
        if (rtspTransport == null) {
            throw new IllegalArgumentException("an RTSP transport is needed (TCP or UDP)");
        }
    }

    public ClientOptions(Duration connectTimeout, Duration readTimeout, int maxFrameBytes, TlsClientConfig tls,
                         String authorization) {
        this(connectTimeout, readTimeout, maxFrameBytes, tls, authorization, RtspTransport.TCP);
    }

    public ClientOptions(Duration connectTimeout, Duration readTimeout, int maxFrameBytes) {
        this(connectTimeout, readTimeout, maxFrameBytes, null, null);
    }

    public static ClientOptions defaults() {
        return new ClientOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    public ClientOptions withReadTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxFrameBytes, tls, authorization, rtspTransport);
    }

    public ClientOptions withTls(TlsClientConfig newTls) {
        return new ClientOptions(connectTimeout, readTimeout, maxFrameBytes, newTls, authorization, rtspTransport);
    }

    public ClientOptions withAuthorization(String newAuthorization) {
        return new ClientOptions(connectTimeout, readTimeout, maxFrameBytes, tls, newAuthorization, rtspTransport);
    }

    public ClientOptions withRtspTransport(RtspTransport transport) {
        return new ClientOptions(connectTimeout, readTimeout, maxFrameBytes, tls, authorization, transport);
    }

    /** The read timeout as the int milliseconds {@link java.net.Socket#setSoTimeout} takes. */
    public int readTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
    }

    public int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + value);
        }
    }
}
