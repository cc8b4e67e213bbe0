package dev.edgecam.transport.security;

import dev.edgecam.security.access.Cidr;
import dev.edgecam.transport.ClientInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How peers are named in logs: {@code host:port}, as the client registry names them. */
final class Peers {

    private Peers() {
    }

    /** The host alone, for what is logged once per address. */
    static String host(SocketAddress address) {
        return ClientInfo.host(address);
    }

    static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return Cidr.normalize(inet.getAddress()).getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
