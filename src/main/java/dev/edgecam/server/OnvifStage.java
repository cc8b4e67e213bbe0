package dev.edgecam.server;

import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.UsernameTokenAuthenticator;
import dev.edgecam.transport.http.HttpServer;
import dev.edgecam.transport.onvif.OnvifCall;
import dev.edgecam.transport.onvif.OnvifDevice;
import dev.edgecam.transport.onvif.OnvifService;
import dev.edgecam.transport.onvif.WsDiscoveryResponder;
import dev.edgecam.wire.onvif.WsDiscoveryProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires ONVIF into a started server: the SOAP services on the HTTP server, and the WS-Discovery responder (the stage
 * the server owns and closes, which says Bye). Kept out of {@link EdgecamServer} (at its size limit).
 */
final class OnvifStage {

    private static final Logger log = LoggerFactory.getLogger(OnvifStage.class);

    private OnvifStage() {
    }

    /**
     * Turns ONVIF on when the config asks for it and HTTP runs, and returns the discovery responder to close; null when
     * ONVIF is off.
     *
     * @param rtspPort the RTSP port stream URIs name, or -1 without RTSP
     * @param logins the users' check, or null without users
     * @param https true when HTTP is served over TLS (the service URLs then say https)
     */
    static WsDiscoveryResponder start(ServerConfig config, HttpServer http, int rtspPort, HttpAuthenticator logins,
                                      boolean https) {
        if (!config.onvif() || http == null) {
            if (config.onvif()) {
                log.info("ONVIF: off, as HTTP is off (ONVIF's services are on the HTTP port)");
            }
            return null;
        }
        String hostName = hostName();
        String version = OnvifStage.class.getPackage().getImplementationVersion();
        OnvifDevice device = new OnvifDevice(hostName, OnvifDevice.endpointFor(hostName, http.port()),
                version == null ? "development" : version, rtspPort);
        http.serveOnvif(new OnvifService(device, logins == null ? null : new UsernameTokenAuthenticator(logins)));
        log.info("ONVIF: device service at /onvif/device_service, media service at /onvif/media_service ({})",
                logins == null ? "no login" : "WS-Security UsernameToken of the same users");
        String scheme = https ? "https" : "http";
        return WsDiscoveryResponder.start(new WsDiscoveryProtocol.Device(device.endpoint(), device.scopes(), 1),
                address(config.host()), local -> scheme + "://" + OnvifCall.literal(local) + ":" + http.port()
                        + OnvifService.DEVICE_PATH);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ONVIF: --host " + host + " is not an address of this machine", e);
        }
    }

    /** This machine's name, as NVRs will show it (a board's name is set at install, such as shop-door). */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(); // no DNS lookup on Linux
            return name.isEmpty() ? InetAddress.getLocalHost().getHostName() : name;
        } catch (IOException e) {
            return "edgecam";
        }
    }
}
