package dev.edgecam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.testing.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's MQTT publisher against Debian's mosquitto started by the test, read back by a Paho client subscribed to
 * everything: Home Assistant discovery for the connectivity and motion binary sensors and the camera (retained,
 * naming the state and availability topics and one device), availability and state, each event as JSON, and
 * {@code offline} when it closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttPublisherTest {

    @TempDir
    Path dir;

    @Test
    void homeAssistantDiscoveryStateAndEventsReachTheBroker() throws Exception {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
        try (Mosquitto broker = Mosquitto.start(dir)) {
            MqttPublisher publisher = MqttPublisher.start("door", broker.url(), () -> true, () -> jpeg);
            Map<String, byte[]> seen = new ConcurrentHashMap<>();
            MqttClient reader = new MqttClient(broker.serverUri(), "test-reader", new MemoryPersistence());
            try {
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                reader.connect(options);
                reader.subscribe("#", 1, (topic, message) -> seen.put(topic, message.getPayload()));
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsKey("edgecam/door/motion")
                        && seen.containsKey("homeassistant/camera/edgecam_door/config")
                        && seen.containsKey("edgecam/door/snapshot"));

                ObjectMapper json = new ObjectMapper();
                JsonNode motion = json.readTree(seen.get("homeassistant/binary_sensor/edgecam_door_motion/config"));
                assertThat(motion.get("device_class").asText()).isEqualTo("motion");
                assertThat(motion.get("state_topic").asText()).isEqualTo("edgecam/door/motion");
                assertThat(motion.get("availability_topic").asText()).isEqualTo("edgecam/door/availability");
                assertThat(motion.get("unique_id").asText()).isEqualTo("edgecam_door_motion");
                assertThat(motion.get("device").get("identifiers").asText()).isEqualTo("edgecam_door");
                JsonNode online = json.readTree(seen.get("homeassistant/binary_sensor/edgecam_door_online/config"));
                assertThat(online.get("device_class").asText()).isEqualTo("connectivity");
                JsonNode camera = json.readTree(seen.get("homeassistant/camera/edgecam_door/config"));
                assertThat(camera.get("topic").asText()).isEqualTo("edgecam/door/snapshot");
                assertThat(camera.get("device").get("identifiers").asText()).isEqualTo("edgecam_door");
                assertThat(text(seen, "edgecam/door/availability")).isEqualTo("online");
                assertThat(text(seen, "edgecam/door/online")).isEqualTo("ON");
                assertThat(text(seen, "edgecam/door/motion")).isEqualTo("OFF");
                assertThat(seen.get("edgecam/door/snapshot")).isEqualTo(jpeg);

                EventLog log = new EventLog("door");
                log.subscribe(publisher::accept);
                Event offline = log.publish(EventLog.CAMERA_OFFLINE, "unplugged");
                await().atMost(Duration.ofSeconds(10)).until(() -> "OFF".equals(text(seen, "edgecam/door/online")));
                JsonNode event = json.readTree(seen.get("edgecam/door/events"));
                assertThat(event.get("id").asLong()).isEqualTo(offline.id());
                assertThat(event.get("type").asText()).isEqualTo("camera_offline");
                assertThat(event.get("detail").asText()).isEqualTo("unplugged");

                publisher.close();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> "offline".equals(text(seen, "edgecam/door/availability")));
            } finally {
                publisher.close();
                reader.disconnect();
                reader.close();
            }
        }
    }

    private static String text(Map<String, byte[]> seen, String topic) {
        byte[] payload = seen.get(topic);
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }
}
