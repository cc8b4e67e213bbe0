package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.events.EventOutputs;
import dev.edgecam.events.MqttTls;
import dev.edgecam.testing.TestCa;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's {@code mqtts://} broker in the config file: {@code mqtt_ca}, {@code mqtt_cert} and {@code mqtt_key} read
 * relative to the file, their files checked at load, and each bad case refused naming the line, the key, the file and
 * what to do; a password in the broker's URL is never repeated in a message.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MqttTlsConfigTest {

    @TempDir
    Path dir;

    @Test
    void anMqttsBrokerWithACaFileAndAClientCertificateIsRead() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa.Issued camera = ca.issue("camera-door", List.of(), List.of());
        ServeSetup setup = load("cameras:\n  - id: door\n    mqtt: mqtts://ha:secret@broker.lan\n"
                + "    mqtt_ca: shop-ca.pem\n    mqtt_cert: camera-door.pem\n    mqtt_key: camera-door-key.pem\n");

        EventOutputs events = setup.cameras().get(0).events();
        assertThat(events.mqtt()).isEqualTo(URI.create("mqtts://ha:secret@broker.lan"));
        assertThat(MqttTls.port(events.mqtt())).isEqualTo(8883);
        assertThat(events.mqttTls()).isEqualTo(new MqttTls(ca.certificateFile(), camera.certificate(), camera.key()));
    }

    @Test
    void mqttsAloneTrustsTheSystemsCertificateAuthorities() throws Exception {
        ServeSetup setup = load("cameras:\n  - mqtt: mqtts://broker.lan:8884\n");

        assertThat(setup.cameras().get(0).events().mqttTls()).isEqualTo(MqttTls.SYSTEM);
    }

    @Test
    void aMissingOrWrongCaFileStopsTheLoadNamingItsLine() throws Exception {
        Path file = write("cameras:\n  - mqtt: mqtts://broker.lan\n    mqtt_ca: /nowhere/ca.pem\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: cameras[0].mqtt_ca: the CA file /nowhere/ca.pem does not exist: give the path"
                        + " of the PEM file");

        Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> load("cameras:\n  - mqtt: mqtts://broker.lan\n    mqtt_ca: garbage.pem\n"))
                .hasMessageContaining(":3: cameras[0].mqtt_ca: the CA file " + dir.resolve("garbage.pem"));
    }

    @Test
    void tlsFilesForAPlainBrokerOrACertificateWithoutItsKeyAreRefusedSayingWhatToDo() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa.Issued camera = ca.issue("camera-door", List.of(), List.of());
        assertThatThrownBy(() -> load("cameras:\n  - mqtt: mqtt://ha:secret@broker.lan:8883\n    mqtt_ca: shop-ca.pem\n"))
                .hasMessageContaining(":3: cameras[0].mqtt_ca: a CA file, client certificate or key is for a broker"
                        + " reached with TLS: write it as mqtts://HOST[:PORT]")
                .message().doesNotContain("secret");
        assertThatThrownBy(() -> load("cameras:\n  - mqtt: mqtts://broker.lan\n    mqtt_cert: camera-door.pem\n"))
                .hasMessageContaining(":3: cameras[0].mqtt_cert: a client certificate needs its key");
        assertThatThrownBy(() -> load("cameras:\n  - mqtt: mqtts://broker.lan\n    mqtt_cert: camera-door.pem\n"
                + "    mqtt_key: shop-ca.pem\n"))
                .hasMessageContaining(":3: cameras[0].mqtt_cert: the key file " + dir.resolve("shop-ca.pem")
                        + " holds no private key");
        assertThat(camera.key()).exists();
    }

    @Test
    void aBrokerOfAnotherSchemeIsRefusedWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> load("cameras:\n  - mqtt: https://ha:secret@broker.lan\n"))
                .hasMessageContaining("cameras[0].mqtt: 'https://' is not an MQTT broker's scheme; use mqtt://")
                .hasMessageContaining("mqtts://HOST[:PORT] (port 8883)")
                .message().doesNotContain("secret");
    }

    private ServeSetup load(String yaml) throws Exception {
        return ConfigFile.load(write(yaml));
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("edgecam.yml"), yaml, StandardCharsets.UTF_8);
    }
}
