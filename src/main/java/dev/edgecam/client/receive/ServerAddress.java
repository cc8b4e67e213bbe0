package dev.edgecam.client.receive;

import dev.edgecam.wire.legacy.LegacyProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a client finds a server, as the user wrote it: {@code HOST[:PORT]} for the legacy TCP protocol
 * (port 6810 unless given; IPv6 as {@code [::1]:6810}), or an {@code http://} or {@code https://} URL of an
 * MJPEG stream ({@code https://USER:PASSWORD@HOST[:PORT]/PATH} logs in with HTTP Basic), or an {@code rtsp://}
 * or {@code rtsps://} URL of an H.264 stream ({@code rtsp://USER:PASSWORD@HOST[:PORT]/PATH}; port 554, or 322 for
 * RTSPS, unless given).
 *
 * @param scheme which wire format to speak
 * @param host the host name or address
 * @param port the TCP port, 1 to 65535
 * @param path the URL's path with its query (HTTP and RTSP; empty for legacy)
 * @param userInfo {@code USER:PASSWORD} from the URL, or null; never shown by {@link #toString()}
 */
public record ServerAddress(Scheme scheme, String host, int port, String path, String userInfo) {

    /** The wire format a server address asks for. */
    public enum Scheme { LEGACY, HTTP, HTTPS, RTSP, RTSPS }

    public ServerAddress(Scheme scheme, String host, int port, String path) {
        this(scheme, host, port, path, null);
    }

    /** True for an MJPEG URL, over plain HTTP or HTTPS. */
    public boolean isHttp() {
        return scheme == Scheme.HTTP || scheme == Scheme.HTTPS;
    }

    /** True for an RTSP URL, plain or over TLS. */
    public boolean isRtsp() {
        return scheme == Scheme.RTSP || scheme == Scheme.RTSPS;
    }

    /** The URL as FFmpeg takes it, credentials included: only for RTSP addresses. */
    public String rtspUrl() {
        if (!isRtsp()) {
            throw new IllegalStateException(this + " is not an RTSP URL");
        }
        return scheme.name().toLowerCase(Locale.ROOT) + "://" + (userInfo == null ? "" : userInfo + "@") + hostText()
                + ":" + port + path;
    }

    public static final String DEFAULT_HTTP_PATH = "/stream";

    /** Parses what the user wrote; the exception's message says what a valid address looks like. */
    public static ServerAddress parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no server given: write HOST[:PORT], such as 192.168.1.20 or camera.local:6810");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return parseUrl(trimmed, lower.startsWith("https") ? Scheme.HTTPS : Scheme.HTTP);
        }
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return parseUrl(trimmed, lower.startsWith("rtsps") ? Scheme.RTSPS : Scheme.RTSP);
        }
        if (lower.contains("://")) {
            throw new IllegalArgumentException("'" + text + "': only http://, https://, rtsp:// and rtsps:// URLs and "
                    + "HOST[:PORT] (legacy TCP) are supported");
        }
        return parseHostPort(trimmed, text);
    }

    private static ServerAddress parseHostPort(String trimmed, String original) {
        String host = trimmed;
        String portText = null;
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + original + "': an IPv6 address needs a closing ], such as [::1]:6810");
            }
            host = trimmed.substring(1, close);
            String rest = trimmed.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + original + "': write [IPv6]:PORT, such as [::1]:6810");
                }
                portText = rest.substring(1);
            }
        } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
            host = trimmed.substring(0, trimmed.indexOf(':'));
            portText = trimmed.substring(trimmed.indexOf(':') + 1);
        } else if (trimmed.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + original + "': put an IPv6 address in brackets, such as [::1]:6810");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException("'" + original + "' is not HOST[:PORT], such as 192.168.1.20 or camera.local:6810");
        }
        int port = portText == null ? LegacyProtocol.DEFAULT_PORT : parsePort(portText, original);
        return new ServerAddress(Scheme.LEGACY, host, port, "");
    }

    private static ServerAddress parseUrl(String trimmed, Scheme scheme) {
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + trimmed + "' names no host, such as http://camera.local:8080/stream");
        }
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + trimmed + "': port " + port + " is out of range 1 to 65535");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? (uri.getRawQuery() == null ? DEFAULT_HTTP_PATH : "/") : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new ServerAddress(scheme, host, port, path, uri.getUserInfo());
    }

    private static int defaultPort(Scheme scheme) {
        return switch (scheme) {
            case HTTPS -> 443;
            case RTSP -> 554;
            case RTSPS -> 322;
            default -> 80;
        };
    }

    private static int parsePort(String text, String original) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + original + "': the port must be a number from 1 to 65535, not '" + text + "'");
    }

    @Override
    public String toString() {
        if (scheme == Scheme.LEGACY) {
            return hostText() + ":" + port;
        }
        String user = userInfo == null ? "" : userInfo.split(":", 2)[0] + "@";
        return scheme.name().toLowerCase(Locale.ROOT) + "://" + user + hostText() + ":" + port + path;
    }

    private String hostText() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
