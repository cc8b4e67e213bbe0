package dev.edgecam.cli;

import dev.edgecam.config.ServerSettings;
import dev.edgecam.discovery.Advertiser;
import dev.edgecam.discovery.AdvertiserChoice;
import dev.edgecam.discovery.CameraAdvert;
import dev.edgecam.discovery.MdnsMode;
import dev.edgecam.server.EdgecamServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s cameras on the LAN: opens the advertiser the {@code mdns} setting asks for once the server listens
 * (the adverts carry the ports actually bound) and hands it the camera list again after each reload.
 */
final class ServeAdverts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServeAdverts.class);
    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private final Advertiser advertiser;
    private final String hostName;
    private final int httpPort;
    private final int rtspPort;
    private final boolean tls;

    private ServeAdverts(Advertiser advertiser, String hostName, int httpPort, int rtspPort, boolean tls) {
        this.advertiser = advertiser;
        this.hostName = hostName;
        this.httpPort = httpPort;
        this.rtspPort = rtspPort;
        this.tls = tls;
    }

    /**
     * Advertises {@code cameraIds} of {@code server}.
     *
     * @throws IOException when an {@code mdns} mode given explicitly cannot work (with {@code auto}, edgecam serves
     *     on unadvertised and says why in the log)
     */
    static ServeAdverts start(ServerSettings settings, EdgecamServer server, boolean tls, List<String> cameraIds)
            throws IOException {
        String hostName = hostName();
        Advertiser advertiser;
        try {
            advertiser = AdvertiserChoice.open(settings.mdns(), settings.mdnsServicesDir(), settings.host(), hostName);
        } catch (IOException e) {
            if (settings.mdns() != MdnsMode.AUTO) {
                throw e;
            }
            log.warn("mDNS: cameras not advertised on the LAN: {} (set mdns: off to silence this)", e.getMessage());
            advertiser = Advertiser.none(e.getMessage());
        }
        ServeAdverts adverts = new ServeAdverts(advertiser, hostName, Math.max(0, server.httpPort()),
                Math.max(0, server.rtspPort()), tls);
        if (settings.mdns() != MdnsMode.OFF) {
            log.info("mDNS: the cameras of '{}' are {}", hostName, advertiser.describe());
        }
        adverts.update(cameraIds);
        return adverts;
    }

    /** Makes {@code cameraIds} the advertised cameras (after a reload added or removed some). */
    void update(List<String> cameraIds) {
        String version = Main.class.getPackage().getImplementationVersion();
        advertiser.advertise(cameraIds.stream()
                .map(id -> new CameraAdvert(id, hostName, httpPort, rtspPort, tls, version)).toList());
    }

    @Override
    public void close() {
        advertiser.close();
    }

    /**
     * This host's name without its domain, as mDNS names it ({@code HOST.local}); {@code edgecam} if unknown. The
     * kernel's name first: {@code InetAddress.getLocalHost()} asks DNS, which can hang on a board without a network.
     */
    private static String hostName() {
        String name;
        try {
            name = Files.readString(KERNEL_HOST_NAME).trim();
        } catch (IOException e) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                name = "";
            }
        }
        String bare = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return bare.isBlank() || bare.equals("localhost") ? "edgecam" : bare;
    }
}
