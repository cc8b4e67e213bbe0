package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.camera.CameraMulticast;
import dev.edgecam.discovery.MdnsMode;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Size;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.ReadmeConfigSection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config file: the README's example as written, every key, and every kind of bad file with its exact message. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleWorksAsWritten() throws Exception {
        ServeSetup setup = ConfigFile.load(write("edgecam.yml", ReadmeConfigSection.yaml()));

        assertThat(setup.server().httpPort()).isEqualTo(8080);
        assertThat(setup.server().host()).isEqualTo(ServerConfig.DEFAULT_HOST);
        assertThat(setup.server().security()).usingRecursiveComparison().isEqualTo(SecuritySettings.defaults());
        assertThat(setup.cameras()).containsExactly(
                new CameraConfig("door", SourceSpec.parse("camera:/dev/video0"), new Size(1280, 720), 30, quality(80),
                        6810),
                new CameraConfig("till", SourceSpec.test(), new Size(640, 480), 30, quality(70), 6811),
                new CameraConfig("yard", SourceSpec.parse("rtsp://192.0.2.10/stream"), new Size(1280, 720), 30,
                        quality(80), CameraConfig.NO_LEGACY_PORT));
        ServerConfig first = setup.serverConfig(setup.firstCamera());
        assertThat(first.source()).isEqualTo(SourceSpec.parse("camera:/dev/video0"));
        assertThat(first.tcpPort()).isEqualTo(6810);
        assertThat(first.httpPort()).isEqualTo(8080);
    }

    @Test
    void onvifIsOnUnlessTurnedOff() throws Exception {
        String cameras = "cameras:\n  - id: door\n";
        assertThat(ConfigFile.parse(cameras, "edgecam.yml", null).server().onvif()).isTrue();
        ServeSetup off = ConfigFile.parse("onvif: off\n" + cameras, "edgecam.yml", null);
        assertThat(off.server().onvif()).isFalse();
        assertThat(off.serverConfig(off.firstCamera()).onvif()).isFalse();
        assertThat(ConfigFile.parse("onvif: on\n" + cameras, "edgecam.yml", null).serverConfig(
                off.firstCamera()).onvif()).isTrue();
    }

    @Test
    void theReadmesErrorExampleIsWhatTheExampleWithABadQualityGets() throws Exception {
        String bad = ReadmeConfigSection.yaml().replace("quality: 70", "quality: high");
        String expected = "edgecam.yml:11: cameras[1].quality: expected a whole number from 1 to 100, got \"high\"";

        assertThatThrownBy(() -> ConfigFile.parse(bad, "edgecam.yml", null)).hasMessage(expected);
        assertThat(ReadmeConfigSection.section()).contains("`edgecam: " + expected + "`");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Path file = write("all.yml", """
                host: 127.0.0.1
                http_port: 0
                status_interval: 0
                read_only_settings: true
                allow: [192.168.1.0/24, "fd00::/8"]
                legacy_allow: 192.168.1.20/32
                max_clients: 32
                max_clients_per_address: 8
                idle_timeout: 0
                request_timeout: 20
                write_timeout: 40
                auth: alice:secret
                auth_file: [users, /etc/edgecam/users]
                public: state,metrics
                allowed_host: [camera.lan]
                tls_cert: keys/cert.pem
                tls_key: keys/key.pem
                tls_self_signed: false
                tls_dir: /var/lib/edgecam
                mdns: avahi
                mdns_services_dir: avahi-services
                cameras:
                  - id: front-door_1
                    source: file:clip.mp4
                    size: 640x480
                    fps: 12.5
                    quality: 55
                    legacy_port: 0
                    h264_encoder: openh264
                    h264_bitrate: 1500k
                    keyframe_interval: 1.5
                    multicast: 239.255.42.1:5006
                    multicast_ttl: 4
                  - source: 2
                    legacy_port: 7000
                    h264_bitrate: 3000000
                """);

        ServeSetup setup = ConfigFile.load(file);

        ServerSettings server = setup.server();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.httpPort()).isZero();
        assertThat(server.statusInterval()).isEqualTo(Duration.ZERO);
        assertThat(server.readOnlySettings()).isTrue();
        SecuritySettings security = server.security();
        assertThat(security.allow().toString()).isEqualTo(SecuritySettings.parseAllowList("192.168.1.0/24,fd00::/8")
                .toString());
        assertThat(security.legacyAllow().toString()).contains("192.168.1.20/32");
        assertThat(security.maxClients()).isEqualTo(32);
        assertThat(security.maxClientsPerAddress()).isEqualTo(8);
        assertThat(security.idleTimeoutSeconds()).isZero();
        assertThat(security.requestTimeoutSeconds()).isEqualTo(20);
        assertThat(security.writeTimeoutSeconds()).isEqualTo(40);
        assertThat(security.auth()).containsExactly("alice:secret");
        assertThat(security.authFiles()).as("relative to the config file's folder")
                .containsExactly(dir.resolve("users"), Path.of("/etc/edgecam/users"));
        assertThat(security.publicEndpoints().isPublic("state")).isTrue();
        assertThat(security.publicEndpoints().isPublic("stream")).isFalse();
        assertThat(security.allowedHosts()).containsExactly("camera.lan");
        assertThat(security.tlsCert()).isEqualTo(dir.resolve("keys/cert.pem"));
        assertThat(security.tlsKey()).isEqualTo(dir.resolve("keys/key.pem"));
        assertThat(security.tlsSelfSigned()).isFalse();
        assertThat(security.tlsDir()).isEqualTo(Path.of("/var/lib/edgecam"));
        assertThat(server.mdns()).isEqualTo(MdnsMode.AVAHI);
        assertThat(server.mdnsServicesDir()).as("relative to the config file's folder").isEqualTo(dir.resolve("avahi-services"));
        assertThat(setup.cameras()).containsExactly(
                new CameraConfig("front-door_1", new SourceSpec(SourceSpec.Kind.FILE, dir.resolve("clip.mp4").toString()),
                        new Size(640, 480), 12.5, quality(55), 0,
                        new H264Settings(H264EncoderName.OPENH264, 1_500_000, 1.5),
                        new CameraMulticast(new java.net.InetSocketAddress("239.255.42.1", 5006), 4)),
                new CameraConfig("cam1", SourceSpec.parse("camera:2"), new Size(1280, 720), 30, quality(80), 7000,
                        H264Settings.defaults().withBitrate(3_000_000)));
        assertThat(setup.serverConfig(setup.firstCamera()).httpPort()).as("http_port 0 is off, as --http-port 0")
                .isEqualTo(ServerConfig.HTTP_OFF);
    }

    /** A key listed in ConfigKeys (so the flag test passes) but never read would be ignored silently: none is. */
    @Test
    void everyListedKeyIsReadAndTypeChecked() {
        for (String key : ConfigKeys.SERVER) {
            assertThatThrownBy(() -> ConfigFile.parse(key + ": {a: 1}\n", "edgecam.yml", null)).as(key)
                    .hasMessageStartingWith("edgecam.yml:1: " + key + ": expected ")
                    .hasMessageEndingWith("got a mapping of keys");
        }
        for (String key : ConfigKeys.CAMERA.stream()
                .filter(key -> !List.of(ConfigKeys.RECORD, ConfigKeys.MOTION).contains(key)).toList()) {
            String yaml = "cameras:\n  - " + key + ": {a: 1}\n";
            assertThatThrownBy(() -> ConfigFile.parse(yaml, "edgecam.yml", null)).as(key)
                    .hasMessageStartingWith("edgecam.yml:2: cameras[0]." + key + ": expected ")
                    .hasMessageEndingWith("got a mapping of keys");
        }
    }

    @Test
    void aPathStartingWithTildeIsInTheHomeFolderAsInAFlag() throws Exception {
        ServeSetup setup = ConfigFile.load(write("edgecam.yml", "auth_file: ~/.config/edgecam/users\n"));

        assertThat(setup.server().security().authFiles())
                .containsExactly(Path.of(System.getProperty("user.home"), ".config/edgecam/users"));
    }

    @Test
    void mdnsOffIsTheWordAndAutoTheDefault() throws Exception {
        assertThat(ConfigFile.parse("mdns: off\n", "edgecam.yml", null).server().mdns())
                .as("YAML 1.1 reads an unquoted off as false").isEqualTo(MdnsMode.OFF);
        assertThat(ConfigFile.parse("mdns: jmdns\n", "edgecam.yml", null).server().mdns()).isEqualTo(MdnsMode.JMDNS);
        ServerSettings defaults = ConfigFile.parse("http_port: 8081\n", "edgecam.yml", null).server();
        assertThat(defaults.mdns()).isEqualTo(MdnsMode.AUTO);
        assertThat(defaults.mdnsServicesDir()).isEqualTo(Path.of("/etc/avahi/services"));
    }

    @Test
    void publishIsOneUrlOrAListOfThem() throws Exception {
        ServeSetup setup = ConfigFile.parse("cameras:\n  - id: door\n    publish: rtmp://media/live/door\n"
                + "  - id: yard\n    publish:\n      - rtsp://edgecam:pw@media:8554/yard\n"
                + "      - 'srt://media:9000?streamid=%23!::r=yard,m=publish'\n"
                + "  - id: till\n", "edgecam.yml", null);

        assertThat(setup.cameras()).extracting(camera -> camera.publish().stream().map(PublishTarget::url).toList())
                .containsExactly(List.of("rtmp://media/live/door"),
                        List.of("rtsp://edgecam:pw@media:8554/yard", "srt://media:9000?streamid=%23!::r=yard,m=publish"),
                        List.of());
    }

    @Test
    void withoutCamerasTheFileServesTheDefaultCamera() throws Exception {
        ServeSetup setup = ConfigFile.parse("http_port: 8081\n", "edgecam.yml", null);

        assertThat(setup.cameras()).containsExactly(new CameraConfig("cam0", SourceSpec.auto(), new Size(1280, 720),
                30, quality(80), 6810));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
        // what ~ the file, \n for a new line ~ the whole message
        "unknown key ~ http_port: 8080\\nqualty: 70 "
                + "~ edgecam.yml:2: qualty: unknown key; the keys here are host, http_port, rtsp_port, status_interval, "
                + "read_only_settings, allow, legacy_allow, max_clients, max_clients_per_address, idle_timeout, "
                + "request_timeout, write_timeout, auth, auth_file, public, allowed_host, tls_cert, tls_key, "
                + "tls_self_signed, tls_dir, onvif, mdns, mdns_services_dir, cameras (see the README's Config file section)",
        "bad mdns mode ~ mdns: bonjour "
                + "~ edgecam.yml:1: mdns: 'bonjour' is not an mdns mode; give one of auto, jmdns, avahi, off",
        "unknown camera key ~ cameras:\\n  - id: door\\n    sorce: test "
                + "~ edgecam.yml:3: cameras[0].sorce: unknown key; the keys here are id, source, size, fps, quality, "
                + "legacy_port, h264_encoder, h264_bitrate, keyframe_interval, multicast, multicast_ttl, record, webhook, "
                + "mqtt, mqtt_ca, mqtt_cert, mqtt_key, motion, publish (see the README's Config file section)",
        "publish to http ~ cameras:\\n  - publish: [rtmp://media/live/door, 'http://media/door'] "
                + "~ edgecam.yml:2: cameras[0].publish: publish URL http://media/door: edgecam pushes to rtsp://, "
                + "rtmp:// and srt:// servers, not 'http'",
        "publish twice ~ cameras:\\n  - publish: [rtmp://media/live/door, rtmp://media/live/door] "
                + "~ edgecam.yml:2: cameras[0].publish: publish URL rtmp://media/live/door is given twice; push to each "
                + "server and path once",
        "not a multicast group ~ cameras:\\n  - multicast: 10.0.0.1:5004 "
                + "~ edgecam.yml:2: cameras[0].multicast: '10.0.0.1:5004' is not an IPv4 multicast group (224.0.0.0 "
                + "to 239.255.255.255; 239.255.x.y stays on your site)",
        "bad H.264 encoder, the flag's message ~ cameras:\\n  - h264_encoder: nvenc "
                + "~ edgecam.yml:2: cameras[0].h264_encoder: unknown H.264 encoder 'nvenc': use one of auto, openh264, "
                + "libx264, h264_v4l2m2m, h264_vaapi",
        "bad H.264 bitrate ~ cameras:\\n  - h264_bitrate: fast "
                + "~ edgecam.yml:2: cameras[0].h264_bitrate: H.264 bitrate 'fast' is not a number of bits per second: "
                + "use such as 2000000, 1500k, 2M or auto",
        "keyframe interval out of range ~ cameras:\\n  - keyframe_interval: 0 "
                + "~ edgecam.yml:2: cameras[0].keyframe_interval: expected a number from 0.1 to 60, got 0",
        "camera key at the top ~ fps: 30 "
                + "~ edgecam.yml:1: fps: is a camera setting: put it in an entry of the cameras list",
        "server key in a camera ~ cameras:\\n  - id: door\\n    http_port: 8080 "
                + "~ edgecam.yml:3: cameras[0].http_port: is a server-wide setting: put it at the top of the file, "
                + "not under cameras",
        "duplicate key ~ http_port: 8080\\nhost: 0.0.0.0\\nhttp_port: 8081 "
                + "~ edgecam.yml:3: http_port: given twice in one place (first on line 1); keep one",
        "duplicate camera key ~ cameras:\\n  - id: door\\n    fps: 30\\n    fps: 15 "
                + "~ edgecam.yml:4: cameras[0].fps: given twice in one place (first on line 3); keep one",
        "wrong type: text for a number ~ cameras:\\n  - id: door\\n  - id: till\\n    quality: high "
                + "~ edgecam.yml:4: cameras[1].quality: expected a whole number from 1 to 100, got \"high\"",
        "wrong type: quoted number ~ http_port: \"8080\" "
                + "~ edgecam.yml:1: http_port: expected a whole number from 0 to 65535, got \"8080\"",
        "wrong type: decimal for a whole number ~ cameras:\\n  - quality: 70.5 "
                + "~ edgecam.yml:2: cameras[0].quality: expected a whole number from 1 to 100, got 70.5",
        "out of range ~ cameras:\\n  - fps: 241 "
                + "~ edgecam.yml:2: cameras[0].fps: expected a number from 1 to 240, got 241",
        "wrong type: a list for a number ~ max_clients: [1, 2] "
                + "~ edgecam.yml:1: max_clients: expected a whole number from 1 to 100000, got a list",
        "wrong type: text for a switch ~ read_only_settings: sure "
                + "~ edgecam.yml:1: read_only_settings: expected true or false, got \"sure\"",
        "empty value ~ cameras:\\n  - source: "
                + "~ edgecam.yml:2: cameras[0].source: expected text, got nothing",
        "bad size, the flag's message ~ cameras:\\n  - size: big "
                + "~ edgecam.yml:2: cameras[0].size: 'big' is not a size: write WIDTHxHEIGHT, such as 1280x720",
        "bad source, the flag's message ~ cameras:\\n  - source: nosuch "
                + "~ edgecam.yml:2: cameras[0].source: unknown source 'nosuch': use auto, test, "
                + "camera[:INDEX|:DEVICE], file:PATH (or an existing file), or url:URL (or rtsp://…, http://…)",
        "bad allow list ~ allow: [192.168.1.0/24, printer.local] "
                + "~ edgecam.yml:1: allow: 'printer.local' is not an address block; use an IPv4 or IPv6 address "
                + "with an optional prefix length, as in 192.168.1.0/24, 10.0.0.7 or fd00::/8 (no host names)",
        "bad id ~ cameras:\\n  - id: front door "
                + "~ edgecam.yml:2: cameras[0].id: 'front door' is not a camera id: use 1 to 64 letters, digits, - "
                + "and _ (it becomes part of the camera's URLs, /cam/ID/stream)",
        "duplicate id ~ cameras:\\n  - id: door\\n  - id: door "
                + "~ edgecam.yml:3: cameras[1].id: door is also the id of cameras[0]; give each camera its own id",
        "duplicate derived id ~ cameras:\\n  - id: cam1\\n  - source: test "
                + "~ edgecam.yml:3: cameras[1].id: cam1 is also the id of cameras[0] (a camera without an id is "
                + "cam0, cam1... by its place in the list); give each camera its own id",
        "duplicate legacy port ~ cameras:\\n  - id: door\\n  - id: till\\n    legacy_port: 6810 "
                + "~ edgecam.yml:4: cameras[1].legacy_port: 6810 is also the legacy_port of cameras[0] (6810 unless "
                + "given); give each camera its own port",
        "legacy port on the http port ~ http_port: 7000\\ncameras:\\n  - legacy_port: 7000 "
                + "~ edgecam.yml:3: cameras[0].legacy_port: 7000 is also http_port; give each its own port",
        "auth without a password ~ auth: [alice:secret, bob] "
                + "~ edgecam.yml:1: auth: --auth wants USER:PASSWORD; a value given has no ':' or an empty part",
        "empty cameras list ~ http_port: 8080\\ncameras: [] "
                + "~ edgecam.yml:2: cameras: the list is empty; give at least one camera, or leave out cameras for "
                + "the default one",
        "cameras not a list ~ cameras:\\n  id: door "
                + "~ edgecam.yml:2: cameras: expected a list of cameras, each starting with '- ', got a mapping of keys",
        "a camera that is not a mapping ~ cameras:\\n  - door "
                + "~ edgecam.yml:2: cameras[0]: expected a camera (keys such as id and source), got \"door\"",
        "per-address above the total ~ max_clients: 32\\nmax_clients_per_address: 64 "
                + "~ edgecam.yml:2: max_clients_per_address: 64 is more than max_clients (32); give at most 32",
        "TLS keys without their pair ~ tls_cert: cert.pem "
                + "~ edgecam.yml:1: tls_cert: tls_cert and tls_key go together; give both",
        "TLS self-signed with a certificate ~ tls_cert: c.pem\\ntls_key: k.pem\\ntls_self_signed: true "
                + "~ edgecam.yml:3: tls_self_signed: tls_self_signed makes its own certificate; drop it, or drop "
                + "tls_cert and tls_key",
        "unreadable YAML ~ cameras:\\n  - id: door\\n   source: [test "
                + "~ edgecam.yml:3: not valid YAML: expected <block end>, but found '<block mapping start>'; check "
                + "the indentation, colons and quotes there and on the line before",
        "unclosed quote ~ http_port: 8080\\nhost: \"0.0.0.0\\n "
                + "~ edgecam.yml:3: not valid YAML: found unexpected end of stream; check the indentation, colons and "
                + "quotes there and on the line before",
        "not a mapping at the top ~ - id: door "
                + "~ edgecam.yml:1: expected keys such as http_port and cameras, got a list",
        "two documents ~ http_port: 8080\\n---\\nhttp_port: 8081 "
                + "~ edgecam.yml:3: a second YAML document (after ---); give one document",
        "empty file ~ `` "
                + "~ edgecam.yml: the file is empty; give at least a cameras list (see the README's Config file section)",
    })
    void aBadFileIsRefusedNamingTheLineAndKey(String what, String yaml, String message) {
        assertThatThrownBy(() -> ConfigFile.parse(yaml.replace("\\n", "\n"), "edgecam.yml", null))
                .as(what).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aFileSavedWithAByteOrderMarkIsRead() throws Exception {
        Path file = write("windows.yml", "\uFEFFhttp_port: 8081\ncameras:\n  - source: test\n");

        assertThat(ConfigFile.load(file).server().httpPort()).isEqualTo(8081);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yml");

        assertThatThrownBy(() -> ConfigFile.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such config file; check the path (see the README's Config file section)");
    }

    @Test
    void aFolderOrAFileThatIsNotTextIsRefused() throws Exception {
        assertThatThrownBy(() -> ConfigFile.load(dir)).hasMessageStartingWith(dir + ": is a folder");
        Path binary = dir.resolve("clip.yml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1});
        assertThatThrownBy(() -> ConfigFile.load(binary))
                .hasMessage(binary + ": is not UTF-8 text; save the config file as UTF-8");
    }

    @Test
    void theMessageNamesTheFileAsGiven() throws Exception {
        Path file = write("shop.yml", "cameras:\n  - quality: 0\n");

        assertThatThrownBy(() -> ConfigFile.load(file))
                .hasMessage(file + ":2: cameras[0].quality: expected a whole number from 1 to 100, got 0");
    }

    @Test
    void everyKeyOfTheListsIsExplainedInTheReadme() throws Exception {
        String section = ReadmeConfigSection.section();
        for (String key : List.of(ConfigKeys.SERVER, ConfigKeys.CAMERA).stream().flatMap(List::stream).toList()) {
            assertThat(section).as("the README's key table").contains("`" + key + "`");
        }
    }

    /** The encode settings a camera with this {@code quality} key starts with. */
    private static EncodeSettings quality(int quality) {
        return EncodeSettings.defaults().withQuality(quality);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
