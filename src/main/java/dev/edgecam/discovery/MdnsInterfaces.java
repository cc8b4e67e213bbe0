package dev.edgecam.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which addresses mDNS is spoken on. A server listening on one address answers there only (its cameras cannot be
 * reached elsewhere); one listening on every address ({@code 0.0.0.0}, {@code ::}), and a browser, use every IPv4
 * address of every interface that is up, is not loopback and can multicast: the LAN, never {@code lo}.
 */
public final class MdnsInterfaces {

    /** More interfaces than a board has; a bound on the responders opened. */
    private static final int MAX_ADDRESSES = 16;

    private MdnsInterfaces() {
    }

    /**
     * The addresses for a server listening on {@code listenHost}.
     *
     * @throws IOException when {@code listenHost} is a name that does not resolve
     */
    public static List<InetAddress> forListenHost(String listenHost) throws IOException {
        InetAddress listen = InetAddress.getByName(listenHost);
        if (listen.isAnyLocalAddress()) {
            return lanAddresses();
        }
        return List.of(listen);
    }

    /** Every IPv4 address of an interface that is up, not loopback, and multicast-capable; at most 16. */
    public static List<InetAddress> lanAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || !nic.supportsMulticast() || nic.isPointToPoint()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && addresses.size() < MAX_ADDRESSES) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }
}
