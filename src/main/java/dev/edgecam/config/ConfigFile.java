package dev.edgecam.config;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.config.ConfigTree.Mapping;
import dev.edgecam.config.ConfigTree.Node;
import dev.edgecam.discovery.AvahiServiceFiles;
import dev.edgecam.discovery.MdnsMode;
import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code edgecam serve --config edgecam.yml}: reads the YAML config file into a {@link ServeSetup}. Strict:
 * an unknown key, a key given twice, a value of the wrong type or out of range is a {@link ConfigException}
 * naming the file, the line and the key. Values are checked with the same parsers and {@link Range}s as the
 * flags. Nothing is opened or loaded here (auth files and certificates are, when the server starts), so a
 * reload can check a file without touching the running server.
 */
public final class ConfigFile {

    /** Far more than any config file needs; a bigger file is a mistake (a video given as the config). */
    static final long MAX_BYTES = 1024 * 1024;

    private ConfigFile() {
    }

    public static ServeSetup load(Path file) throws ConfigException {
        return parse(read(file), file);
    }

    /** Text {@link #read} from {@code file}, read as {@link #load} reads it (the reload checks the text first). */
    static ServeSetup parse(String yaml, Path file) throws ConfigException {
        return parse(yaml, file.toString(), file.getParent());
    }

    /**
     * Reads config text.
     *
     * @param fileName the file's name, for messages
     * @param folder against which relative paths are resolved; null for the working folder
     */
    public static ServeSetup parse(String yaml, String fileName, Path folder) throws ConfigException {
        Node root = ConfigTree.parse(yaml, fileName);
        if (root == null) {
            throw new ConfigException(fileName + ": the file is empty; give at least a cameras list (see the "
                    + "README's Config file section)");
        }
        if (!(root instanceof Mapping mapping)) {
            throw new ConfigException(fileName + ":" + root.line() + ": expected keys such as http_port and cameras, "
                    + "got " + MappingReader.describe(root));
        }
        MappingReader top = new MappingReader(fileName, folder, "", mapping);
        top.allowOnly(serverKeys(), ConfigKeys.CAMERA, "a camera setting: put it in an entry of the cameras list");
        ServerSettings server = server(top);
        List<CameraConfig> cameras = new CameraListReader(top, server.httpPort()).read();
        return new ServeSetup(server, cameras);
    }

    private static List<String> serverKeys() {
        return Stream.concat(ConfigKeys.SERVER.stream(), Stream.of(ConfigKeys.CAMERAS))
                .toList();
    }

    private static ServerSettings server(MappingReader top) throws ConfigException {
        return new ServerSettings(
                top.text("host", ServerConfig.DEFAULT_HOST),
                (int) top.wholeNumber("http_port", Range.PORT, MjpegProtocol.DEFAULT_PORT),
                Duration.ofSeconds(top.wholeNumber("status_interval", Range.STATUS_INTERVAL_SECONDS,
                        ServerSettings.DEFAULT_STATUS_INTERVAL.toSeconds())),
                top.bool("read_only_settings", false),
                security(top),
                (int) top.wholeNumber("rtsp_port", Range.PORT, ServerSettings.DEFAULT_RTSP_PORT),
                top.bool("onvif", true),
                Boolean.FALSE.equals(top.yamlSwitch("mdns")) ? MdnsMode.OFF : top.parsed("mdns", MdnsMode::parse, MdnsMode.AUTO),
                top.has("mdns_services_dir") ? top.path("mdns_services_dir") : AvahiServiceFiles.DEFAULT_DIR);
    }

    private static SecuritySettings security(MappingReader top) throws ConfigException {
        SecuritySettings defaults = SecuritySettings.defaults();
        int maxClients = (int) top.wholeNumber("max_clients", Range.MAX_CLIENTS, defaults.maxClients());
        Integer perAddress = null;
        if (top.has("max_clients_per_address")) {
            perAddress = (int) top.wholeNumber("max_clients_per_address", Range.MAX_CLIENTS, 0);
            if (perAddress > maxClients) {
                throw top.error(top.entry("max_clients_per_address"), perAddress + " is more than max_clients ("
                        + maxClients + "); give at most " + maxClients);
            }
        }
        SecuritySettings settings = new SecuritySettings(
                top.parsedList("allow", SecuritySettings::parseAllowList, AddressAllowList.ANYONE),
                top.parsedList("legacy_allow", SecuritySettings::parseAllowList, null),
                maxClients, perAddress,
                top.wholeNumber("idle_timeout", Range.IDLE_TIMEOUT_SECONDS, defaults.idleTimeoutSeconds()),
                top.wholeNumber("request_timeout", Range.REQUEST_TIMEOUT_SECONDS, defaults.requestTimeoutSeconds()),
                top.wholeNumber("write_timeout", Range.WRITE_TIMEOUT_SECONDS, defaults.writeTimeoutSeconds()),
                top.texts("auth"), top.paths("auth_file"),
                top.parsedList("public", PublicEndpoints::parse, PublicEndpoints.none()),
                top.texts("allowed_host"),
                top.path("tls_cert"), top.path("tls_key"), top.bool("tls_self_signed", false), top.path("tls_dir"));
        try {
            UserStore.of(settings.auth(), List.of()); // checks the USER:PASSWORD form now; auth files load at start
        } catch (IllegalArgumentException e) {
            throw top.error(top.entry("auth"), e.getMessage());
        }
        String conflict = settings.tlsConflict(ConfigKeys::ofFlag);
        if (conflict != null) {
            String key = top.has("tls_self_signed") ? "tls_self_signed" : top.has("tls_cert") ? "tls_cert" : "tls_key";
            throw top.error(top.lineOf(key), key, conflict);
        }
        return settings;
    }

    /** The file's text, checked to be a UTF-8 file of at most {@link #MAX_BYTES}. */
    static String read(Path file) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a folder; give the config file, such as " + file.resolve("edgecam.yml"));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file + ": is " + size + " bytes; a config file is at most 1 MiB, is this the "
                        + "right file?");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file; check the path (see the README's Config file section)");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": cannot read the config file: permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": is not UTF-8 text; save the config file as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file: " + e.getMessage());
        }
    }
}
