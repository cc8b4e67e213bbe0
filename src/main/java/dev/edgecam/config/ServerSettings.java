package dev.edgecam.config;

import dev.edgecam.discovery.AvahiServiceFiles;
import dev.edgecam.discovery.MdnsMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code edgecam serve} was asked for that holds for the whole server, whatever the camera: the top level of
 * the config file, or the server-wide flags.
 *
 * @param host the address to listen on
 * @param httpPort the HTTP port; 0 turns HTTP off ({@code --http-port 0})
 * @param statusInterval how often the status line is logged; zero turns it off
 * @param readOnlySettings true when nobody may change the encode settings over HTTP
 * @param security who may connect and how much each client may take
 * @param rtspPort the RTSP port; 0 turns RTSP off ({@code --rtsp-port 0})
 * @param onvif true to answer ONVIF's calls on the HTTP port and WS-Discovery probes ({@code onvif: on}, the default)
 * @param mdns how the cameras are advertised on the LAN ({@code mdns}: auto, jmdns, avahi, off)
 * @param mdnsServicesDir Avahi's services folder, where {@code mdns: avahi} writes ({@code mdns_services_dir})
 */
public record ServerSettings(String host, int httpPort, Duration statusInterval, boolean readOnlySettings,
                             SecuritySettings security, int rtspPort, boolean onvif, MdnsMode mdns,
                             Path mdnsServicesDir) {

    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);
    /** The RTSP port of {@code serve} unless told otherwise: the usual alternative to 554 (MediaMTX, go2rtc). */
    public static final int DEFAULT_RTSP_PORT = 8554;

    /** Settings advertised as {@code mdns: auto} does, as before discovery existed. */
    public ServerSettings(String host, int httpPort, Duration statusInterval, boolean readOnlySettings,
                          SecuritySettings security, int rtspPort, boolean onvif) {
        this(host, httpPort, statusInterval, readOnlySettings, security, rtspPort, onvif, MdnsMode.AUTO,
                AvahiServiceFiles.DEFAULT_DIR);
    }

    /** Settings with ONVIF on, its default. */
    public ServerSettings(String host, int httpPort, Duration statusInterval, boolean readOnlySettings,
                          SecuritySettings security, int rtspPort) {
        this(host, httpPort, statusInterval, readOnlySettings, security, rtspPort, true);
    }

    /** Settings without RTSP, as before it existed. */
    public ServerSettings(String host, int httpPort, Duration statusInterval, boolean readOnlySettings,
                          SecuritySettings security) {
        this(host, httpPort, statusInterval, readOnlySettings, security, 0);
    }
}
