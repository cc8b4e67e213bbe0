package dev.edgecam.config;

import java.util.List;

/**
 * The keys of the config file. Each is the long name of a {@code serve} flag with {@code -} written {@code _}
 * ({@code --http-port} is {@code http_port}); a test checks that every flag has one. Server-wide keys go at the
 * top of the file, camera keys in each entry of the {@code cameras} list. The README's "Config file" section
 * has the same table for people.
 */
public final class ConfigKeys {

    /** The top-level key holding the list of cameras. */
    public static final String CAMERAS = "cameras";

    public static final List<String> SERVER = List.of(
            "host", "http_port", "rtsp_port", "status_interval", "read_only_settings",
            "allow", "legacy_allow", "max_clients", "max_clients_per_address",
            "idle_timeout", "request_timeout", "write_timeout",
            "auth", "auth_file", "public", "allowed_host",
            "tls_cert", "tls_key", "tls_self_signed", "tls_dir", "onvif", "mdns", "mdns_services_dir");

    /** {@code id} has no flag: the one camera of the flags is {@code cam0}. */
    public static final List<String> CAMERA = List.of("id", "source", "size", "fps", "quality", "legacy_port",
            "h264_encoder", "h264_bitrate", "keyframe_interval", "multicast", "multicast_ttl", "record", "webhook",
            "mqtt", "mqtt_ca", "mqtt_cert", "mqtt_key", "motion", "publish");

    /** A camera's {@code record} mapping holds these keys; they are the {@code --record-*} flags. */
    public static final String RECORD = "record";
    public static final List<String> RECORD_KEYS = List.of("mode", "dir", "segment", "keep", "min_free", "codec",
            "events_keep");
    /** A camera's {@code motion} mapping holds these keys; they are the {@code --motion-*} flags. */
    public static final String MOTION = "motion";
    public static final List<String> MOTION_KEYS = List.of("mode", "fps", "sensitivity", "min_area", "cooldown", "mask",
            "pre", "post");

    private ConfigKeys() {
    }

    /**
     * The config key of a flag: {@code --http-port} is {@code http_port}; a recording flag is a key of the camera's
     * {@code record} or {@code motion} mapping: {@code --record-min-free} is {@code record.min_free}.
     */
    public static String ofFlag(String longName) {
        String key = longName.replaceFirst("^-+", "").replace('-', '_');
        for (String mapping : List.of(RECORD, MOTION)) {
            if (key.startsWith(mapping + "_")) {
                return mapping + "." + key.substring(mapping.length() + 1);
            }
        }
        return key;
    }
}
