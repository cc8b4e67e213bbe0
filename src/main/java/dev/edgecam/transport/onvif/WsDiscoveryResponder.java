package dev.edgecam.transport.onvif;

import dev.edgecam.wire.onvif.SoapMessage;
import dev.edgecam.wire.onvif.WsDiscoveryProtocol;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the server findable by NVRs: listens on UDP {@value WsDiscoveryProtocol#PORT} for WS-Discovery probes sent to
 * {@value WsDiscoveryProtocol#IPV4_GROUP} and {@code [ff02::c]} on every multicast interface (or only the
 * {@code --host} address's), answers each probe for a video transmitter with a ProbeMatch to its sender, and says
 * Hello to the groups at start and Bye at {@link #close}.
 *
 * <p>The XAddrs of an answer name the address the prober reaches this machine at: the local address the kernel would
 * send to the prober from (a route lookup by connecting a throwaway UDP socket, which sends nothing), or the
 * {@code --host} address when the server listens on one. Probes are a few a minute, so each family has one socket and
 * one blocking thread (the JDK's multicast API: joining a group on chosen interfaces, IPv4 and IPv6 apart), not an
 * event loop; answers are capped at {@value #MAX_ANSWERS_PER_SECOND} a second against a probe flood. Best effort: a
 * port already taken (another ONVIF program) or a family the machine lacks is logged and the server runs without it.
 */
public final class WsDiscoveryResponder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WsDiscoveryResponder.class);
    static final int MAX_ANSWERS_PER_SECOND = 50;
    private static final int MAX_DATAGRAM_BYTES = 65_535;

    private final WsDiscoveryProtocol.Device device;
    /** The XAddrs for an address this machine is reached at. */
    private final Function<InetAddress, String> xaddrs;
    private final InetAddress boundHost;
    private final List<Listener> listeners = new ArrayList<>();
    private boolean closed;

    /** One family's socket, the interfaces it joined the group on, and its thread. */
    private record Listener(DatagramChannel channel, InetSocketAddress group, List<NetworkInterface> interfaces,
                            Thread thread) {
    }

    private WsDiscoveryResponder(WsDiscoveryProtocol.Device device, Function<InetAddress, String> xaddrs,
                                 InetAddress boundHost) {
        this.device = device;
        this.xaddrs = xaddrs;
        this.boundHost = boundHost;
    }

    /**
     * Starts answering and says Hello.
     *
     * @param host the address the server listens on; a wildcard means every multicast interface
     * @param xaddrs the device service URL(s) for an address of this machine
     */
    public static WsDiscoveryResponder start(WsDiscoveryProtocol.Device device, InetAddress host,
                                             Function<InetAddress, String> xaddrs) {
        WsDiscoveryResponder responder = new WsDiscoveryResponder(device, xaddrs, host.isAnyLocalAddress() ? null : host);
        responder.listen(StandardProtocolFamily.INET, WsDiscoveryProtocol.IPV4_GROUP, Inet4Address.class);
        responder.listen(StandardProtocolFamily.INET6, WsDiscoveryProtocol.IPV6_GROUP, Inet6Address.class);
        responder.listeners.forEach(listener -> responder.announce(listener, true));
        if (responder.listeners.isEmpty()) {
            log.info("ONVIF: not answering WS-Discovery probes: no multicast interface {}", host.isAnyLocalAddress() ? ""
                    : "has the --host address " + host.getHostAddress() + " (loopback has no multicast)");
            return responder;
        }
        log.info("ONVIF: answering WS-Discovery probes on UDP {} ({}) as {}", WsDiscoveryProtocol.PORT,
                responder.listeners.stream().flatMap(l -> l.interfaces().stream()).map(NetworkInterface::getName)
                        .distinct().toList(), device.endpoint());
        return responder;
    }

    private void listen(ProtocolFamily family, String groupAddress, Class<? extends InetAddress> addressType) {
        List<NetworkInterface> interfaces = interfaces(addressType);
        if (interfaces.isEmpty()) {
            return;
        }
        InetSocketAddress group = new InetSocketAddress(groupAddress, WsDiscoveryProtocol.PORT);
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false)
                    .bind(new InetSocketAddress(WsDiscoveryProtocol.PORT));
            List<NetworkInterface> joined = new ArrayList<>();
            for (NetworkInterface networkInterface : interfaces) {
                try {
                    channel.join(group.getAddress(), networkInterface);
                    joined.add(networkInterface);
                } catch (IOException e) {
                    log.debug("ONVIF: cannot join {} on {}: {}", groupAddress, networkInterface.getName(), e.toString());
                }
            }
            DatagramChannel socket = channel;
            Thread thread = new Thread(() -> receive(socket, group, addressType),
                    "onvif-discovery-" + family.name().toLowerCase(java.util.Locale.ROOT));
            thread.setDaemon(true);
            listeners.add(new Listener(channel, group, joined, thread));
            thread.start();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("ONVIF: not answering WS-Discovery on {}:{} ({}); NVRs can still add the camera by its address",
                    groupAddress, WsDiscoveryProtocol.PORT, e.toString());
            closeQuietly(channel);
        }
    }

    /** The up, multicast-capable, non-loopback interfaces with an address of {@code type} (only the bound host's). */
    private List<NetworkInterface> interfaces(Class<? extends InetAddress> type) {
        List<NetworkInterface> found = new ArrayList<>();
        try {
            for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (candidate.isUp() && candidate.supportsMulticast() && !candidate.isLoopback()
                        && Collections.list(candidate.getInetAddresses()).stream().anyMatch(a -> type.isInstance(a)
                        && (boundHost == null || a.equals(boundHost)))) {
                    found.add(candidate);
                }
            }
        } catch (SocketException e) {
            log.warn("ONVIF: cannot list the network interfaces for WS-Discovery: {}", e.toString());
        }
        return found;
    }

    /**
     * Answers the probes arriving on {@code channel} until it closes. The IPv6 socket is dual-stack, so it may be handed
     * IPv4 datagrams for the port; only senders of the socket's own family are answered, so a probe gets one answer
     * (the lab test counts them; it saw one without this filter too, on this kernel).
     */
    private void receive(DatagramChannel channel, InetSocketAddress group, Class<? extends InetAddress> family) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        long windowStart = System.nanoTime();
        int answered = 0;
        while (channel.isOpen()) {
            InetSocketAddress sender;
            try {
                buffer.clear();
                sender = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.debug("ONVIF: WS-Discovery receive on {} failed: {}", group, e.toString());
                continue;
            }
            if (System.nanoTime() - windowStart > 1_000_000_000L) {
                windowStart = System.nanoTime();
                answered = 0;
            }
            if (family.isInstance(sender.getAddress()) && answered < MAX_ANSWERS_PER_SECOND
                    && answer(channel, buffer.flip(), sender)) {
                answered++;
            }
        }
    }

    /** Answers one datagram when it is a probe for this device; true when it did. */
    private boolean answer(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress sender) {
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        SoapMessage message;
        try {
            message = SoapMessage.parse(bytes);
        } catch (IllegalArgumentException e) {
            log.debug("ONVIF: ignored a datagram on the WS-Discovery port from {}: {}", sender, e.getMessage());
            return false;
        }
        if (!WsDiscoveryProtocol.matches(message, device)) {
            return false;
        }
        InetAddress local = localAddressTowards(sender);
        if (local == null) {
            return false;
        }
        String reply = WsDiscoveryProtocol.probeMatches(device, message.messageId(), xaddrs.apply(local));
        try {
            channel.send(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)), sender);
            log.debug("ONVIF: answered a WS-Discovery probe from {}", sender);
            return true;
        } catch (IOException e) {
            log.debug("ONVIF: cannot answer the probe of {}: {}", sender, e.toString());
            return false;
        }
    }

    /**
     * The address this machine sends to {@code peer} from: the bound host, else what the routing table picks; null
     * when there is no route back (logged).
     */
    private InetAddress localAddressTowards(InetSocketAddress peer) {
        if (boundHost != null) {
            return boundHost;
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(peer); // a route lookup: nothing is sent
            return probe.getLocalAddress();
        } catch (SocketException e) {
            log.debug("ONVIF: no route back to the prober {}: {}", peer, e.toString());
            return null;
        }
    }

    /** Sends Hello (or Bye) to the group on each joined interface, from one of its addresses. */
    private void announce(Listener listener, boolean hello) {
        for (NetworkInterface networkInterface : listener.interfaces()) {
            InetAddress address = Collections.list(networkInterface.getInetAddresses()).stream()
                    .filter(a -> (a instanceof Inet6Address) == (listener.group().getAddress() instanceof Inet6Address))
                    .filter(a -> boundHost == null || a.equals(boundHost)).findFirst().orElse(null);
            if (address == null) {
                continue;
            }
            String message = hello ? WsDiscoveryProtocol.hello(device, xaddrs.apply(address)) : WsDiscoveryProtocol.bye(device);
            try {
                listener.channel().setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
                listener.channel().send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), listener.group());
            } catch (IOException e) {
                log.debug("ONVIF: cannot send {} on {}: {}", hello ? "Hello" : "Bye", networkInterface.getName(), e.toString());
            }
        }
    }

    /** Says Bye, stops answering and closes the sockets; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Listener listener : listeners) {
            announce(listener, false);
            closeQuietly(listener.channel());
        }
        for (Listener listener : listeners) {
            try {
                listener.thread().join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("ONVIF: closing a WS-Discovery socket: {}", e.toString());
            }
        }
    }
}
