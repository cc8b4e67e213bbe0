package dev.edgecam.camera;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Where a camera's RTSP multicast stream goes ({@code multicast}, {@code multicast_ttl}; {@code --multicast},
 * {@code --multicast-ttl}). Multicast is sent only while an RTSP client plays with {@code RTP/AVP;multicast}.
 *
 * <p><b>Default group.</b> A camera given no group sends to one derived from its id in the administratively scoped
 * 239.255.0.0/16 ("organization-local", RFC 2365: never routed off the site) on port {@link #DEFAULT_PORT}: the same
 * id always gives the same group, so a receiver's setup stays valid across restarts, and cameras with different ids
 * almost never share one (a 16-bit hash: give one a group of its own if two clash).
 *
 * @param group an IPv4 multicast address and an even RTP port (RTCP takes the next), or null for the derived one
 * @param ttl the packets' IP time-to-live: 1 (the default) keeps them on the LAN segment
 */
public record CameraMulticast(InetSocketAddress group, int ttl) {

    public static final int DEFAULT_PORT = 5004;
    public static final int DEFAULT_TTL = 1;
    public static final CameraMulticast DEFAULT = new CameraMulticast(null, DEFAULT_TTL);

    public CameraMulticast {
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("a multicast TTL is 1 to 255 (1 keeps it on the LAN); got " + ttl);
        }
        if (group != null) {
            requireGroup(group.toString(), group);
        }
    }

    public CameraMulticast withTtl(int newTtl) {
        return new CameraMulticast(group, newTtl);
    }

    /** The group camera {@code id} sends to: the configured one, or the one derived from the id. */
    public InetSocketAddress groupFor(String id) {
        return group != null ? group : derived(id);
    }

    /** 239.255.X.Y from an FNV-1a hash of the id (the same on every JVM; X.Y never 0.0), port {@link #DEFAULT_PORT}. */
    public static InetSocketAddress derived(String id) {
        int hash = 0x811c9dc5;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        int low = Math.floorMod(hash ^ (hash >>> 16), 0xfffe) + 1; // 1..65534
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255,
                    (byte) (low >> 8), (byte) low}), DEFAULT_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * {@code 239.255.42.1:5004}, or without the port ({@link #DEFAULT_PORT}): an IPv4 multicast address and an even
     * port.
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
                throw new IllegalArgumentException("'" + text + "' has no port number after ':'; write a multicast"
                        + " group as 239.255.42.1:5004");
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
            throw new IllegalArgumentException("'" + what + "' is not an IPv4 multicast group (224.0.0.0 to"
                    + " 239.255.255.255; 239.255.x.y stays on your site)");
        }
        if (group.getPort() < 2 || group.getPort() > 65534 || group.getPort() % 2 != 0) {
            throw new IllegalArgumentException("'" + what + "': the multicast port must be even, 2 to 65534 (RTP"
                    + " takes it, RTCP the next)");
        }
    }
}
