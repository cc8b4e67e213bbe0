package dev.edgecam.discovery;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@code serve} makes its cameras known on the LAN (config key {@code mdns}, flag {@code --mdns}).
 * One mDNS responder per host: two (avahi-daemon and a second one in edgecam) answer for the same host name and
 * fight over it, so where Avahi runs edgecam hands its services to Avahi.
 */
public enum MdnsMode {
    /** Avahi's service files when avahi-daemon runs and its services folder is writable; else jmdns. */
    AUTO,
    /** edgecam answers mDNS queries itself (jmdns), on the interfaces it listens on. */
    JMDNS,
    /** One Avahi service file per camera ({@code edgecam-ID.service}); avahi-daemon answers. */
    AVAHI,
    /** Nothing is advertised. */
    OFF;

    /** The config/flag spelling: {@code auto}, {@code jmdns}, {@code avahi}, {@code off}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code auto}, {@code jmdns}, {@code avahi} or {@code off}; the message lists them. */
    public static MdnsMode parse(String text) {
        for (MdnsMode mode : values()) {
            if (mode.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an mdns mode; give one of "
                + Arrays.stream(values()).map(MdnsMode::key).collect(Collectors.joining(", ")));
    }
}
