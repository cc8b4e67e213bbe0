package dev.edgecam.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link Advertiser} for an {@link MdnsMode}. {@code auto} asks Avahi when avahi-daemon runs (its socket
 * accepts a connection, or its pid file names a live process) and its services folder is writable, else answers itself with jmdns: never two responders
 * on one host. {@code auto} advertises nothing for a server listening on loopback only: nobody on the LAN could
 * reach it.
 */
public final class AdvertiserChoice {

    /** Where avahi-daemon writes its pid on Debian and Raspberry Pi OS. */
    public static final Path AVAHI_PID_FILE = Path.of("/run/avahi-daemon/pid");
    /** avahi-daemon's own client socket (its "simple protocol"), there while it runs. */
    public static final Path AVAHI_SOCKET = Path.of("/run/avahi-daemon/socket");

    private static final Logger log = LoggerFactory.getLogger(AdvertiserChoice.class);

    private AdvertiserChoice() {
    }

    /**
     * Opens the advertiser.
     *
     * @param servicesDir Avahi's services folder
     * @param listenHost the address the server listens on (jmdns answers there, or on every LAN interface)
     * @param hostName this host's name (jmdns answers for {@code hostName.local})
     * @throws IOException when the mode asked for cannot work: {@code avahi} with a folder edgecam cannot write,
     *     {@code jmdns} on no usable interface (the message says which and what to do)
     */
    public static Advertiser open(MdnsMode mode, Path servicesDir, String listenHost, String hostName) throws IOException {
        return switch (mode) {
            case OFF -> Advertiser.none("mdns: off");
            case AVAHI -> avahi(servicesDir);
            case JMDNS -> jmdns(listenHost, hostName);
            case AUTO -> auto(servicesDir, listenHost, hostName);
        };
    }

    private static Advertiser auto(Path servicesDir, String listenHost, String hostName) throws IOException {
        if (InetAddress.getByName(listenHost).isLoopbackAddress()) {
            return Advertiser.none("the server listens on loopback only, which nobody on the LAN can reach");
        }
        boolean avahiRuns = avahiAnswers(AVAHI_SOCKET) || avahiDaemonRuns(AVAHI_PID_FILE);
        if (avahiRuns && AvahiServiceFiles.writable(servicesDir)) {
            return avahi(servicesDir);
        }
        if (avahiRuns) {
            log.warn("mDNS: avahi-daemon runs but {} is not writable for this user, so edgecam answers mDNS beside it "
                    + "(two responders on one host may fight over its name); give edgecam's user write access to {} "
                    + "or set mdns: off", servicesDir, servicesDir);
        }
        return jmdns(listenHost, hostName);
    }

    private static Advertiser avahi(Path servicesDir) throws IOException {
        if (!AvahiServiceFiles.writable(servicesDir)) {
            throw new IOException("mdns: avahi needs a services folder edgecam can write; " + servicesDir
                    + (Files.isDirectory(servicesDir) ? " is not writable for this user" : " does not exist")
                    + " (give edgecam's user write access, set mdns_services_dir, or set mdns: jmdns)");
        }
        return new AvahiServiceFiles(servicesDir);
    }

    private static Advertiser jmdns(String listenHost, String hostName) throws IOException {
        List<InetAddress> addresses = MdnsInterfaces.forListenHost(listenHost);
        return JmdnsAdvertiser.open(addresses, hostName);
    }

    /**
     * True when avahi-daemon accepts a connection on its socket: works where {@code /proc} hides other users'
     * processes (systemd's {@code ProtectProc=invisible}), and a socket left by a crashed daemon refuses.
     */
    static boolean avahiAnswers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when {@code pidFile} names a running process (avahi-daemon removes it when it stops). */
    static boolean avahiDaemonRuns(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).trim();
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
            return process.map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
