package dev.edgecam.config;

import dev.edgecam.camera.CameraConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reload changes: the difference between the running {@link ServeSetup} and the one just read from the config
 * file. Cameras are matched by id; a camera whose settings differ in anything (its {@link CameraConfig}'s equality:
 * source, size, fps, quality, legacy port, H.264, multicast, record, events, motion, publish) is changed and must be
 * restarted, one equal in everything keeps streaming. docs/design.md says what the server does with each part.
 *
 * @param before the running setup
 * @param after the setup just read; its camera order is the new order
 * @param added cameras only {@code after} has, in its order
 * @param removed cameras only {@code before} has, in its order
 * @param changed cameras both have with other settings, as {@code after} gives them, in its order
 * @param unchanged cameras both have with the same settings, in {@code after}'s order
 * @param serverKeysChanged the server-wide config keys whose value differs, in {@link ConfigKeys#SERVER}'s order
 */
public record ConfigChange(ServeSetup before, ServeSetup after, List<CameraConfig> added,
                           List<CameraConfig> removed, List<CameraConfig> changed,
                           List<CameraConfig> unchanged, List<String> serverKeysChanged) {

    /**
     * Server-wide keys a running server cannot apply: they decide the listening sockets and the TLS context every
     * connection was made with. A change of one of these is logged as "restart needed for: ..." and not applied.
     */
    public static final Set<String> RESTART_KEYS =
            Set.of("host", "http_port", "rtsp_port", "tls_cert", "tls_key", "tls_self_signed", "tls_dir", "onvif",
                    "mdns", "mdns_services_dir");

    /** Each server-wide key's value, to compare two setups key by key; a test checks that every key is here. */
    static final Map<String, Function<ServerSettings, Object>> SERVER_VALUES = serverValues();

    public ConfigChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        serverKeysChanged = List.copyOf(serverKeysChanged);
    }

    /** The change from the running setup to the one just read. */
    public static ConfigChange between(ServeSetup before, ServeSetup after) {
        Map<String, CameraConfig> old = byId(before.cameras());
        Map<String, CameraConfig> next = byId(after.cameras());
        List<CameraConfig> added = new ArrayList<>();
        List<CameraConfig> changed = new ArrayList<>();
        List<CameraConfig> unchanged = new ArrayList<>();
        for (CameraConfig camera : after.cameras()) {
            CameraConfig running = old.get(camera.id());
            (running == null ? added : running.equals(camera) ? unchanged : changed).add(camera);
        }
        List<CameraConfig> removed = before.cameras().stream().filter(c -> !next.containsKey(c.id())).toList();
        List<String> serverKeys = SERVER_VALUES.entrySet().stream()
                .filter(e -> !Objects.equals(e.getValue().apply(before.server()), e.getValue().apply(after.server())))
                .map(Map.Entry::getKey)
                .toList();
        return new ConfigChange(before, after, added, removed, changed, unchanged, serverKeys);
    }

    /** True when the file, read again, asks for exactly what runs (only comments or layout changed). */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && serverKeysChanged.isEmpty()
                && !orderChanged();
    }

    /** The changed server-wide keys the server cannot apply without a restart ({@link #RESTART_KEYS}). */
    public List<String> restartNeededFor() {
        return serverKeysChanged.stream().filter(RESTART_KEYS::contains).toList();
    }

    /** The changed server-wide keys a running server applies (status line, settings permission, security). */
    public List<String> liveServerKeysChanged() {
        return serverKeysChanged.stream().filter(key -> !RESTART_KEYS.contains(key)).toList();
    }

    /**
     * True when the cameras both setups have come in another order. The order matters: the first camera answers the
     * unprefixed URLs, and {@code ?action=stream_N} counts in it.
     */
    public boolean orderChanged() {
        List<String> kept = after.cameras().stream().map(CameraConfig::id).filter(byId(before.cameras())::containsKey)
                .toList();
        List<String> keptBefore = before.cameras().stream().map(CameraConfig::id).filter(kept::contains).toList();
        return !kept.equals(keptBefore);
    }

    /**
     * One line for the log, naming only what changed: {@code cameras added: yard; removed: till; changed: door;
     * server settings changed: allow; restart needed for: http_port}, or {@code nothing changed}.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        part(parts, "cameras added", ids(added));
        part(parts, "removed", ids(removed));
        part(parts, "changed", ids(changed));
        if (orderChanged()) {
            parts.add("camera order changed");
        }
        part(parts, "server settings changed", String.join(", ", liveServerKeysChanged()));
        part(parts, "restart needed for", String.join(", ", restartNeededFor()));
        return parts.isEmpty() ? "nothing changed" : String.join("; ", parts);
    }

    private static void part(List<String> parts, String label, String names) {
        if (!names.isEmpty()) {
            parts.add(label + ": " + names);
        }
    }

    private static String ids(List<CameraConfig> cameras) {
        return cameras.stream().map(CameraConfig::id).collect(Collectors.joining(", "));
    }

    private static Map<String, CameraConfig> byId(List<CameraConfig> cameras) {
        return cameras.stream().collect(Collectors.toMap(CameraConfig::id, c -> c));
    }

    private static Map<String, Function<ServerSettings, Object>> serverValues() {
        Map<String, Function<ServerSettings, Object>> values = new LinkedHashMap<>();
        values.put("host", ServerSettings::host);
        values.put("http_port", ServerSettings::httpPort);
        values.put("rtsp_port", ServerSettings::rtspPort);
        values.put("status_interval", ServerSettings::statusInterval);
        values.put("read_only_settings", ServerSettings::readOnlySettings);
        values.put("allow", s -> s.security().allow());
        values.put("legacy_allow", s -> s.security().legacyAllow());
        values.put("max_clients", s -> s.security().maxClients());
        // The per-address limit as it applies: given, or a share of max_clients (a change of max_clients moves it)
        values.put("max_clients_per_address", s -> s.security().effectiveMaxClientsPerAddress());
        values.put("idle_timeout", s -> s.security().idleTimeoutSeconds());
        values.put("request_timeout", s -> s.security().requestTimeoutSeconds());
        values.put("write_timeout", s -> s.security().writeTimeoutSeconds());
        values.put("auth", s -> s.security().auth());
        values.put("auth_file", s -> s.security().authFiles());
        values.put("public", s -> s.security().publicEndpoints());
        values.put("allowed_host", s -> s.security().allowedHosts());
        values.put("tls_cert", s -> s.security().tlsCert());
        values.put("tls_key", s -> s.security().tlsKey());
        values.put("tls_self_signed", s -> s.security().tlsSelfSigned());
        // tls_dir only matters to a self-signed certificate: moving it otherwise needs no restart
        values.put("tls_dir", s -> s.security().tlsSelfSigned() ? s.security().tlsDir() : null);
        values.put("onvif", ServerSettings::onvif);
        values.put("mdns", ServerSettings::mdns);
        values.put("mdns_services_dir", ServerSettings::mdnsServicesDir);
        return values;
    }
}
