package dev.edgecam.transport.rtsp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where each camera's multicast stream goes ({@code SETUP} with {@code multicast} in its {@code Transport}).
 *
 * <p><b>Groups.</b> A camera given one ({@code groups}, by camera id) sends there. Any other camera has a group
 * derived from its id in the administratively scoped 239.255.0.0/16 ("organization-local", RFC 2365: never routed
 * off the site) on port {@link #DEFAULT_PORT}: the same id always gives the same group, so a receiver's setup stays
 * valid across restarts, and two cameras of one server (different ids) almost never share one (a clash of the
 * 16-bit hash is named in the log and cured by giving one of them a group).
 *
 * @param groups the configured group (IPv4 multicast address and even RTP port) of each camera that has one
 * @param ttl the packets' IP time-to-live: 1 (the default) keeps them on the LAN segment
 * @param interfaceHost the address whose interface sends (the serve {@code --host}), or null for the kernel's
 *     route to 224.0.0.0/4 (when the server listens on every address)
 */
public record RtspMulticast(Map<String, InetSocketAddress> groups, int ttl, String interfaceHost) {

    public static final int DEFAULT_PORT = 5004;
    public static final int DEFAULT_TTL = 1;

    public RtspMulticast {
        groups = Map.copyOf(groups);
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("a multicast TTL is 1 to 255; got " + ttl);
        }
        for (Map.Entry<String, InetSocketAddress> entry : groups.entrySet()) {
            requireGroup(entry.getKey(), entry.getValue());
        }
    }

    /** Derived groups, TTL 1, the interface of {@code host} (none when it is a wildcard address). */
    public static RtspMulticast defaults(String host) {
        return new RtspMulticast(Map.of(), DEFAULT_TTL, isWildcard(host) ? null : host);
    }

    static boolean isWildcard(String host) {
        return host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The group of camera {@code id}: configured, or derived from the id. */
    InetSocketAddress groupOf(String id) {
        InetSocketAddress configured = groups.get(id);
        return configured != null ? configured : derived(id);
    }

    /** 239.255.X.Y from a hash of the id (X.Y never 0.0 nor 255.255), port {@link #DEFAULT_PORT}. */
    static InetSocketAddress derived(String id) {
        int hash = 0x811c9dc5; // FNV-1a: the same on every JVM and version (String.hashCode is too, but clusters)
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        int low = Math.floorMod(hash ^ (hash >>> 16), 0xfffe) + 1; // 1..65534
        try {
            InetAddress group = InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255, (byte) (low >> 8),
                    (byte) low});
            return new InetSocketAddress(group, DEFAULT_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * {@code 239.255.42.1:5004} (the port may be left out: {@link #DEFAULT_PORT}); an IPv4 multicast address and an
     * even port (RTCP takes the next one).
     */
    public static InetSocketAddress parseGroup(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        String address = colon < 0 ? trimmed : trimmed.substring(0, colon);
        int port = DEFAULT_PORT;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no port number after ':'; write a group as"
                        + " 239.255.42.1:5004");
            }
        }
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 multicast group; write one such as"
                    + " 239.255.42.1:5004 (224.0.0.0 to 239.255.255.255)");
        }
        InetSocketAddress group = new InetSocketAddress(address, port);
        requireGroup(text, group);
        return group;
    }

    private static void requireGroup(String what, InetSocketAddress group) {
        if (group.isUnresolved() || !group.getAddress().isMulticastAddress()
                || group.getAddress().getAddress().length != 4) {
            throw new IllegalArgumentException(what + ": " + group + " is not an IPv4 multicast group (224.0.0.0 to"
                    + " 239.255.255.255; 239.255.x.y stays on your site)");
        }
        if (group.getPort() < 1 || group.getPort() > 65534 || group.getPort() % 2 != 0) {
            throw new IllegalArgumentException(what + ": multicast port " + group.getPort() + " must be even and"
                    + " 2 to 65534 (RTP takes it, RTCP the next)");
        }
    }
}
