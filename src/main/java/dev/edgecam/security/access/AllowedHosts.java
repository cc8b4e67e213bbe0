package dev.edgecam.security.access;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names this server answers to in a request's {@code Host} (and {@code Origin}): the machine's host name,
 * the same with {@code .local} (mDNS), {@code localhost}, names given with {@code --allowed-host}, and any IP
 * address of this machine's interfaces or the address the connection arrived on.
 *
 * <p>Why: a web page that any LAN user opens can point its own host name at the camera's address (DNS
 * rebinding) and then talk to the camera as if it were its own site. The browser still sends the page's host
 * name in {@code Host}, so a server that answers only to its own names cannot be reached that way.
 *
 * <p>IP addresses are checked against the interfaces when asked (a DHCP lease may change them), and names are
 * never looked up in DNS. Immutable and thread-safe.
 */
public final class AllowedHosts {

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = names;
    }

    /**
     * This machine's names plus {@code extraNames} (from {@code --allowed-host}).
     *
     * @throws IllegalArgumentException naming an extra name that is not a host name
     */
    public static AllowedHosts ofThisMachine(Collection<String> extraNames) {
        Set<String> names = new TreeSet<>();
        names.add("localhost");
        String machine = machineName();
        if (machine != null) {
            names.add(machine);
            names.add(machine + ".local");
        }
        for (String extra : extraNames) {
            String name = normalize(extra);
            if (!name.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
                throw new IllegalArgumentException("--allowed-host '" + extra + "' is not a host name; give a name such"
                        + " as camera.example.lan (this machine's own addresses are always allowed)");
            }
            names.add(name);
        }
        return new AllowedHosts(Set.copyOf(names));
    }

    /** The names, sorted, for messages and the log. */
    public Set<String> names() {
        return new TreeSet<>(names);
    }

    /**
     * True when {@code host} (a {@code Host} header's value, with or without a port, or an IPv6 address in
     * brackets) names this server.
     *
     * @param arrivedOn the local address the connection arrived on, also allowed; may be null
     */
    public boolean allows(String host, InetAddress arrivedOn) {
        String name = normalize(withoutPort(host));
        if (names.contains(name)) {
            return true;
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(name);
        if (literal == null) {
            return false;
        }
        try {
            InetAddress address = Cidr.normalize(InetAddress.getByAddress(literal));
            return address.equals(arrivedOn == null ? null : Cidr.normalize(arrivedOn))
                    || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code name:8080} and {@code [::1]:8080} without the port, {@code [::1]} without its brackets. */
    static String withoutPort(String host) {
        String text = host.strip();
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            return end < 0 ? text : text.substring(1, end);
        }
        int colon = text.indexOf(':');
        // More than one colon without brackets is a bare IPv6 address, which has no port.
        return colon >= 0 && text.indexOf(':', colon + 1) < 0 ? text.substring(0, colon) : text;
    }

    private static String normalize(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The kernel's host name (no DNS look-up, which can hang for seconds on a board without a resolver). */
    private static String machineName() {
        try {
            String name = normalize(Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII));
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // Not Linux: ask the JDK below.
        }
        try {
            return normalize(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.join(", ", names()) + " and this machine's addresses";
    }
}
