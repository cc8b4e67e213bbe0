package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.testing.ReadmeConfigSection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The diff of two config files as a reload sees it: cameras by id, server-wide keys one by one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigChangeTest {

    /** Every server-wide key set, so that a change of any one of them can be made by replacing one line. */
    private static final String EVERY_KEY = """
            host: 127.0.0.1
            http_port: 8080
            status_interval: 5
            read_only_settings: false
            allow: [192.168.1.0/24, "fd00::/8"]
            legacy_allow: 192.168.1.20/32
            max_clients: 32
            max_clients_per_address: 8
            idle_timeout: 60
            request_timeout: 20
            write_timeout: 40
            auth: alice:secret
            auth_file: [users]
            public: state,metrics
            allowed_host: [camera.lan]
            tls_self_signed: true
            tls_dir: tls
            cameras:
              - id: door
                source: test
                size: 640x480
              - id: till
                source: test
                legacy_port: 6811
            """;

    @TempDir
    Path dir;

    @Test
    void theSameFileReadTwiceIsEqualAndChangesNothing() throws Exception {
        ServeSetup first = load(EVERY_KEY);
        ServeSetup second = load(EVERY_KEY);

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
        ConfigChange change = ConfigChange.between(first, second);
        assertThat(change.isEmpty()).isTrue();
        assertThat(change.unchanged()).extracting(CameraConfig::id).containsExactly("door", "till");
        assertThat(change.summary()).isEqualTo("nothing changed");
    }

    @Test
    void theReadmeExampleReadTwiceChangesNothing() throws Exception {
        assertThat(ConfigChange.between(load(ReadmeConfigSection.yaml()), load(ReadmeConfigSection.yaml())).isEmpty())
                .isTrue();
    }

    @Test
    void commentsLayoutAndTheOrderOfListsChangeNothing() throws Exception {
        String same = "# the shop's cameras\n" + EVERY_KEY
                .replace("allow: [192.168.1.0/24, \"fd00::/8\"]", "allow: \"fd00::/8,192.168.1.0/24\"")
                .replace("public: state,metrics", "public: [metrics, state]")
                .replace("size: 640x480", "size: 640x480   # small");

        assertThat(ConfigChange.between(load(EVERY_KEY), load(same)).isEmpty()).isTrue();
    }

    @Test
    void camerasAreAddedRemovedChangedAndUnchangedById() throws Exception {
        ServeSetup before = load("""
                cameras:
                  - id: door
                    source: test
                  - id: till
                    source: test
                    legacy_port: 6811
                  - id: gate
                    source: test
                """);
        ServeSetup after = load("""
                cameras:
                  - id: door
                    source: test
                  - id: yard
                    source: test
                  - id: gate
                    source: test
                    quality: 60
                """);

        ConfigChange change = ConfigChange.between(before, after);

        assertThat(change.added()).containsExactly(after.cameras().get(1));
        assertThat(change.removed()).containsExactly(before.cameras().get(1));
        assertThat(change.changed()).as("as the new file gives it").containsExactly(after.cameras().get(2));
        assertThat(change.unchanged()).extracting(CameraConfig::id).containsExactly("door");
        assertThat(change.serverKeysChanged()).isEmpty();
        assertThat(change.orderChanged()).isFalse();
        assertThat(change.isEmpty()).isFalse();
        assertThat(change.summary()).isEqualTo("cameras added: yard; removed: till; changed: gate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            source     | source: test                    | source: camera:2
            size       | size: 640x480                   | size: 320x240
            fps        | id: door                        | id: door\\n    fps: 12.5
            quality    | id: door                        | id: door\\n    quality: 50
            legacy_port| legacy_port: 6811               | legacy_port: 6812
            """)
    void anyCameraSettingMakesTheCameraChanged(String key, String line, String replacement) throws Exception {
        String edited = EVERY_KEY.replaceFirst(line, replacement.replace("\\n", "\n"));
        ConfigChange change = ConfigChange.between(load(EVERY_KEY), load(edited));

        assertThat(change.changed()).as(key).hasSize(1);
        assertThat(change.added()).isEmpty();
        assertThat(change.removed()).isEmpty();
        assertThat(change.unchanged()).hasSize(1);
        assertThat(change.serverKeysChanged()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            host                    | host: 127.0.0.1                    | host: ::1                           | true
            http_port               | http_port: 8080                    | http_port: 8081                     | true
            status_interval         | status_interval: 5                 | status_interval: 0                  | false
            read_only_settings      | read_only_settings: false          | read_only_settings: true            | false
            allow                   | allow: [192.168.1.0/24, "fd00::/8"] | allow: 192.168.1.0/24              | false
            legacy_allow            | legacy_allow: 192.168.1.20/32      | legacy_allow: 192.168.1.21          | false
            max_clients             | max_clients: 32                    | max_clients: 16                    | false
            max_clients_per_address | max_clients_per_address: 8         | max_clients_per_address: 4          | false
            idle_timeout            | idle_timeout: 60                   | idle_timeout: 0                     | false
            request_timeout         | request_timeout: 20                | request_timeout: 10                 | false
            write_timeout           | write_timeout: 40                  | write_timeout: 30                   | false
            auth                    | auth: alice:secret                 | auth: alice:other                   | false
            auth_file               | auth_file: [users]                 | auth_file: [users, more-users]      | false
            public                  | public: state,metrics              | public: state                       | false
            allowed_host            | allowed_host: [camera.lan]         | allowed_host: [cam.lan]             | false
            tls_dir                 | tls_dir: tls                       | tls_dir: other-tls                  | true
            """)
    void eachServerKeyIsNamedAndTheSocketAndTlsOnesNeedARestart(String key, String line, String replacement,
                                                                 boolean restart) throws Exception {
        String edited = EVERY_KEY.replace(line, replacement);
        assertThat(edited).isNotEqualTo(EVERY_KEY);

        ConfigChange change = ConfigChange.between(load(EVERY_KEY), load(edited));

        assertThat(change.serverKeysChanged()).containsExactly(key);
        assertThat(change.restartNeededFor()).isEqualTo(restart ? List.of(key) : List.of());
        assertThat(change.liveServerKeysChanged()).isEqualTo(restart ? List.of() : List.of(key));
        assertThat(change.unchanged()).as("cameras keep streaming").hasSize(2);
        assertThat(change.summary()).isEqualTo((restart ? "restart needed for: " : "server settings changed: ") + key);
    }

    @Test
    void tlsChangesNeedARestart() throws Exception {
        String withoutTls = EVERY_KEY.replace("tls_self_signed: true\ntls_dir: tls\n", "");
        String withCert = withoutTls.replace("cameras:", "tls_cert: cert.pem\ntls_key: key.pem\ncameras:");

        assertThat(ConfigChange.between(load(withoutTls), load(withCert)).restartNeededFor())
                .containsExactly("tls_cert", "tls_key");
        assertThat(ConfigChange.between(load(EVERY_KEY), load(withCert)).restartNeededFor())
                .containsExactly("tls_cert", "tls_key", "tls_self_signed", "tls_dir");
        assertThat(ConfigChange.between(load(withoutTls), load(withoutTls.replace("cameras:", "tls_dir: t\ncameras:")))
                .isEmpty()).as("tls_dir without tls_self_signed is unused").isTrue();
    }

    @Test
    void maxClientsAlsoMovesTheDefaultPerAddressLimit() throws Exception {
        String noPerAddress = EVERY_KEY.replace("max_clients_per_address: 8\n", "");

        ConfigChange change = ConfigChange.between(load(noPerAddress),
                load(noPerAddress.replace("max_clients: 32", "max_clients: 16")));

        assertThat(change.serverKeysChanged()).containsExactly("max_clients", "max_clients_per_address");
        assertThat(change.restartNeededFor()).isEmpty();
    }

    @Test
    void anotherCameraOrderIsAChangeOfItsOwn() throws Exception {
        // Legacy ports given: the first camera's default 6810 would make both cameras changed
        String door = "  - id: door\n    legacy_port: 6810\n";
        String till = "  - id: till\n    legacy_port: 6811\n";
        ServeSetup before = load("cameras:\n" + door + till);
        ServeSetup after = load("cameras:\n" + till + door);

        ConfigChange change = ConfigChange.between(before, after);

        assertThat(change.unchanged()).extracting(CameraConfig::id).containsExactly("till", "door");
        assertThat(change.orderChanged()).isTrue();
        assertThat(change.isEmpty()).isFalse();
        assertThat(change.summary()).isEqualTo("camera order changed");
    }

    @Test
    void everyServerKeyIsCompared() {
        assertThat(ConfigChange.SERVER_VALUES.keySet()).containsExactlyElementsOf(ConfigKeys.SERVER);
        assertThat(ConfigKeys.SERVER).containsAll(ConfigChange.RESTART_KEYS);
    }

    private ServeSetup load(String yaml) throws Exception {
        Path file = dir.resolve("edgecam.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return ConfigFile.load(file);
    }
}
