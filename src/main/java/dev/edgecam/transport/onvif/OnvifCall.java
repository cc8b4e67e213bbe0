package dev.edgecam.transport.onvif;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One SOAP request as the HTTP transport hands it over.
 *
 * @param path {@link OnvifService#DEVICE_PATH} or {@link OnvifService#MEDIA_PATH}
 * @param body the SOAP envelope
 * @param hostHeader the request's {@code Host}, or null (then the local address is used in URLs)
 * @param authorization the request's HTTP {@code Authorization}, or null
 * @param local the address and port the request arrived on
 * @param peer the client's address (for the failed-login throttle)
 * @param https true when the request came over TLS
 */
public record OnvifCall(String path, byte[] body, String hostHeader, String authorization, InetSocketAddress local,
                        InetAddress peer, boolean https) {

    /** The host the client addressed, ready for a URL (IPv6 in brackets). */
    String urlHost() {
        String host = hostHeader == null ? "" : hostHeader.strip();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : literal(local.getAddress());
        }
        int colon = host.indexOf(':');
        if (host.isEmpty() || colon != host.lastIndexOf(':')) {
            return colon >= 0 ? "[" + host + "]" : literal(local.getAddress());
        }
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The port the client addressed: the {@code Host} header's, else the one the request arrived on. */
    int urlPort() {
        String host = hostHeader == null ? "" : hostHeader.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']') && (host.startsWith("[") || host.indexOf(':') == colon)) {
            try {
                return Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return local.getPort();
            }
        }
        return local.getPort();
    }

    /** {@code address} for a URL: IPv6 compressed (RFC 5952) in brackets, without a zone. */
    public static String literal(InetAddress address) {
        String text = NetUtil.toAddressString(address).replaceAll("%.*", "");
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }
}
