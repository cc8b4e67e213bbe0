package dev.edgecam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.publish.Backoff;
import dev.edgecam.testing.Mosquitto;
import dev.edgecam.testing.TestCa;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's events to Debian's mosquitto with a TLS listener (a CA and the broker's certificate made by the test):
 * they arrive when the camera trusts the broker's CA; a broker it does not trust, one whose certificate names
 * another host, one that wants a client certificate it does not have, and a URL of the wrong kind for the port are
 * each refused with words that say what to do, tried again with backoff, and never hold up the caller. The test
 * reads the broker on its plain listener, so what it sees came through the TLS one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttTlsPublisherTest {

    /** Short delays so that a test sees several retries; the camera's are 1 s doubling to 30 s. */
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 0);
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    @TempDir
    Path dir;

    private MqttPublisher publisher;
    private MqttClient reader;

    @AfterEach
    void close() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (reader != null && reader.isConnected()) {
            reader.disconnect();
            reader.close();
        }
    }

    @Test
    void eventsArriveOverTlsWhenTheCameraTrustsTheBrokersCa() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of("localhost"),
                List.of("127.0.0.1")), false)) {
            Map<String, byte[]> seen = read(broker);
            URI url = URI.create("mqtts://edgecam:s3cret@127.0.0.1:" + broker.tlsPort());
            publisher = MqttPublisher.start("door", url, MqttTls.checked(url, ca.certificateFile(), null, null), FAST,
                    () -> true, () -> JPEG);

            await().atMost(Duration.ofSeconds(20)).until(() -> "online".equals(text(seen, "edgecam/door/availability")));
            EventLog log = new EventLog("door");
            log.subscribe(publisher::accept);
            log.publish(EventLog.MOTION_START, "0.12");
            await().atMost(Duration.ofSeconds(10)).until(() -> "ON".equals(text(seen, "edgecam/door/motion")));
            assertThat(text(seen, "edgecam/door/events")).contains("\"type\":\"motion_start\"");

            MqttStatus status = publisher.status();
            assertThat(status.tls()).isTrue();
            assertThat(status.connected()).isTrue();
            assertThat(status.broker()).isEqualTo("127.0.0.1:" + broker.tlsPort());
            assertThat(status.trust()).contains(ca.certificateFile().toString());
            assertThat(status.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void aBrokerOfAnotherCaIsRefusedSayingToGiveItsCaAndIsTriedAgainWithBackoff() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa other = TestCa.create(dir, "other");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of(), List.of("127.0.0.1")),
                false)) {
            Map<String, byte[]> seen = read(broker);
            URI url = broker.tlsUrl("127.0.0.1");
            long before = System.nanoTime();
            publisher = MqttPublisher.start("door", url, MqttTls.checked(url, other.certificateFile(), null, null), FAST,
                    () -> true, () -> JPEG);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("start never waits for the broker")
                    .isLessThan(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().failuresInARow() >= 3);
            assertThat(publisher.status().lastError())
                    .startsWith("the broker's certificate is not trusted: give its CA with mqtt_ca");
            assertThat(publisher.status().connected()).isFalse();
            assertThat(seen).as("nothing got through").isEmpty();
        }
    }

    @Test
    void theSystemsCasRefuseAShopCaTheSameWay() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of(), List.of("127.0.0.1")),
                false)) {
            publisher = MqttPublisher.start("door", broker.tlsUrl("127.0.0.1"), MqttTls.SYSTEM, FAST, () -> true,
                    () -> JPEG);

            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().failuresInARow() >= 2);
            assertThat(publisher.status().lastError()).startsWith("the broker's certificate is not trusted");
            assertThat(publisher.status().trust()).contains("the system's certificate authorities");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedNamingTheHost() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of("broker.example"),
                List.of("127.0.0.2")), false)) {
            URI url = broker.tlsUrl("127.0.0.1");
            publisher = MqttPublisher.start("door", url, MqttTls.checked(url, ca.certificateFile(), null, null), FAST,
                    () -> true, () -> JPEG);

            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.status().failuresInARow() >= 2);
            assertThat(publisher.status().lastError()).startsWith("the broker's certificate does not name 127.0.0.1");
        }
    }

    @Test
    void aBrokerThatRequiresACertificateTakesTheCamerasAndRefusesNone() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa.Issued camera = ca.issue("camera-door", List.of(), List.of());
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of("localhost"), List.of()), true)) {
            Map<String, byte[]> seen = read(broker);
            URI url = broker.tlsUrl("localhost");
            try (MqttPublisher without = MqttPublisher.start("yard", url,
                    MqttTls.checked(url, ca.certificateFile(), null, null), FAST, () -> true, () -> JPEG)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> without.status().failuresInARow() >= 2);
                assertThat(without.status().lastError()).startsWith("the broker wants a client certificate");
            }

            publisher = MqttPublisher.start("door", url,
                    MqttTls.checked(url, ca.certificateFile(), camera.certificate(), camera.key()), FAST, () -> true,
                    () -> JPEG);
            await().atMost(Duration.ofSeconds(20)).until(() -> "online".equals(text(seen, "edgecam/door/availability")));
            assertThat(publisher.status().trust()).contains("client certificate " + camera.certificate());
            assertThat(seen).doesNotContainKey("edgecam/yard/availability");
        }
    }

    @Test
    void aPlainUrlAtTheTlsPortAndATlsUrlAtThePlainPortSayWhichToUse() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of(), List.of("127.0.0.1")),
                false)) {
            try (MqttPublisher plain = MqttPublisher.start("door", URI.create("mqtt://127.0.0.1:" + broker.tlsPort()),
                    MqttTls.SYSTEM, FAST, () -> true, () -> JPEG)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> plain.status().failuresInARow() >= 2);
                assertThat(plain.status().tls()).isFalse();
                assertThat(plain.status().lastError()).contains("write the broker as mqtts://");
            }
            URI tlsAtPlain = URI.create("mqtts://" + broker.serverUri().substring("tcp://".length()));
            try (MqttPublisher tls = MqttPublisher.start("door", tlsAtPlain, MqttTls.SYSTEM, FAST, () -> true,
                    () -> JPEG)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> tls.status().failuresInARow() >= 2);
                assertThat(tls.status().lastError()).contains("broke off the TLS handshake: if that port is plain MQTT"
                        + " (1883 usually), write the broker as mqtt://");
            }
        }
    }

    /** Subscribes to everything on the broker's plain listener; the map fills as messages arrive. */
    private Map<String, byte[]> read(Mosquitto broker) throws Exception {
        Map<String, byte[]> seen = new ConcurrentHashMap<>();
        reader = new MqttClient(broker.serverUri(), "test-reader", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        reader.connect(options);
        reader.subscribe("edgecam/#", 1, (topic, message) -> seen.put(topic, message.getPayload()));
        return seen;
    }

    private static String text(Map<String, byte[]> seen, String topic) {
        byte[] payload = seen.get(topic);
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }
}
