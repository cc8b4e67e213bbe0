package dev.edgecam.bench;

import dev.edgecam.wire.h264.H264SocketProtocol;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the load generator connects and which protocol it speaks there.
 *
 * <p>{@code HOST:PORT} means the legacy TCP protocol; {@code http://host:port/stream} means MJPEG over HTTP.
 * A transport named with {@code --transport} wins over the guess: {@code --transport http localhost:8080}
 * asks for {@code /stream} on that port. {@code rtsp://host:port/ID} means RTSP with H.264 over RTP, which travels
 * interleaved in the TCP connection or, with {@code --rtsp-transport udp}, over the viewer's own UDP ports.
 * {@code ws://host:port/h264} (or {@code /cam/ID/h264}, with {@code ?format=annexb|fmp4}) means the page's H.264 over a
 * WebSocket ({@link H264SocketProtocol}), {@code annexb} unless the query asks for {@code fmp4}.
 *
 * @param transport the protocol
 * @param host the server's host name or address
 * @param port the server's port
 * @param path the HTTP or RTSP path with query ({@code /stream} by default); empty for TCP
 */
public record BenchTarget(Transport transport, String host, int port, String path) {

    /** The protocols the load generator speaks. */
    public enum Transport {
        TCP, HTTP, RTSP_TCP, RTSP_UDP, WS_ANNEXB, WS_FMP4;

        /** {@code tcp}, {@code http}, {@code rtsp/tcp}, {@code rtsp/udp}, {@code ws/annexb}, {@code ws/fmp4}: the report's group names. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '/');
        }

        public boolean isRtsp() {
            return this == RTSP_TCP || this == RTSP_UDP;
        }

        public boolean isWebSocket() {
            return this == WS_ANNEXB || this == WS_FMP4;
        }
    }

    /**
     * Parses a target; an {@code rtsp://} URL's RTP travels over UDP when {@code rtspOverUdp}, else interleaved in TCP.
     *
     * @throws IllegalArgumentException naming what is wrong and what a target looks like
     */
    public static BenchTarget parse(String text, Transport forced, boolean rtspOverUdp) {
        String trimmed = text.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("ws://") || trimmed.toLowerCase(Locale.ROOT).startsWith("wss://")) {
            return parseWebSocket(text, forced);
        }
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith("rtsp://")) {
            return parse(text, forced);
        }
        if (forced != null) {
            throw new IllegalArgumentException("'" + text + "' is an rtsp URL; --transport is for HOST:PORT targets"
                    + " (use --rtsp-transport udp|tcp)");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage(text));
        }
        if (uri.getHost() == null || uri.getPort() == 0) {
            throw new IllegalArgumentException(usage(text));
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/stream" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new BenchTarget(rtspOverUdp ? Transport.RTSP_UDP : Transport.RTSP_TCP, uri.getHost(),
                uri.getPort() < 0 ? 554 : uri.getPort(), path);
    }

    /**
     * Parses a target.
     *
     * @param text {@code HOST:PORT} or {@code http://HOST[:PORT][/PATH]}
     * @param forced the transport asked for with {@code --transport}, or {@code null} to tell from the text
     * @throws IllegalArgumentException naming what is wrong and what a target looks like
     */
    public static BenchTarget parse(String text, Transport forced) {
        String trimmed = text.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            throw new IllegalArgumentException("'" + text + "': https is not supported; edgecam serves plain http on the LAN");
        }
        boolean isUrl = lower.startsWith("http://");
        if (forced != null && forced != Transport.TCP && forced != Transport.HTTP) {
            throw new IllegalArgumentException("--transport is tcp or http; give rtsp:// or ws:// URLs for the others");
        }
        if (isUrl && forced == Transport.TCP) {
            throw new IllegalArgumentException("'" + text + "' is an http URL but --transport is tcp; give HOST:PORT for tcp");
        }
        Transport transport = isUrl ? Transport.HTTP : forced == null ? Transport.TCP : forced;
        URI uri;
        try {
            uri = new URI(isUrl ? trimmed : "tcp://" + trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage(text));
        }
        if (uri.getHost() == null || (!isUrl && (uri.getRawPath() != null && !uri.getRawPath().isEmpty()))) {
            throw new IllegalArgumentException(usage(text));
        }
        int port = uri.getPort();
        if (port < 0) {
            if (!isUrl) {
                throw new IllegalArgumentException("'" + text + "' has no port: write HOST:PORT, such as localhost:"
                        + LegacyProtocol.DEFAULT_PORT);
            }
            port = 80;
        }
        if (port == 0) {
            throw new IllegalArgumentException("'" + text + "': port 0 is not a server's port");
        }
        String path = "";
        if (transport == Transport.HTTP) {
            path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || (!isUrl) ? "/stream" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
        }
        return new BenchTarget(transport, uri.getHost(), port, path);
    }

    /**
     * A {@code ws://} URL of the page's H.264: {@code /h264} or {@code /cam/ID/h264}, framed as the query's
     * {@code format} says ({@code annexb}, what the WebCodecs player asks for, by default).
     */
    private static BenchTarget parseWebSocket(String text, Transport forced) {
        String trimmed = text.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("wss://")) {
            throw new IllegalArgumentException("'" + text + "': wss is not supported; give the server's plain ws:// URL"
                    + " (edgecam serves it beside https when --tls-self-signed is on)");
        }
        if (forced != null) {
            throw new IllegalArgumentException("'" + text + "' is a ws URL; --transport is for HOST:PORT targets");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage(text));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getHost() == null || uri.getPort() == 0 || !path.matches("/h264|/cam/[^/]+/h264")) {
            throw new IllegalArgumentException("'" + text + "' is not the page's H.264 WebSocket: write ws://HOST:PORT/h264"
                    + " or ws://HOST:PORT/cam/ID/h264, optionally with ?format=annexb (WebCodecs, the default) or"
                    + " ?format=fmp4 (Media Source Extensions)");
        }
        String format = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("format=")) {
                    format = pair.substring("format=".length());
                }
            }
            path += "?" + uri.getRawQuery();
        }
        H264SocketProtocol.Format framing = H264SocketProtocol.Format.parse(format);
        return new BenchTarget(framing == H264SocketProtocol.Format.FMP4 ? Transport.WS_FMP4 : Transport.WS_ANNEXB,
                uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), path);
    }

    private static String usage(String text) {
        return "'" + text + "' is not a target: write HOST:PORT for the legacy TCP protocol (such as localhost:"
                + LegacyProtocol.DEFAULT_PORT + ") or a URL for HTTP (such as http://localhost:"
                + MjpegProtocol.DEFAULT_PORT + "/stream), for RTSP (such as rtsp://localhost:8554/stream) or for the page's"
                + " H.264 WebSocket (such as ws://localhost:" + MjpegProtocol.DEFAULT_PORT + "/h264)";
    }

    @Override
    public String toString() {
        if (transport.isRtsp()) {
            return "rtsp://" + hostForUrl() + ":" + port + path;
        }
        if (transport.isWebSocket()) {
            return "ws://" + hostForUrl() + ":" + port + path;
        }
        return transport == Transport.HTTP ? "http://" + hostForUrl() + ":" + port + path : hostForUrl() + ":" + port;
    }

    /** The host as a URL or Host header writes it: IPv6 addresses in brackets. */
    public String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
