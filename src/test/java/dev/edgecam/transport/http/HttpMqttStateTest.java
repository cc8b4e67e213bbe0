package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.EventOutputs;
import dev.edgecam.events.MqttTls;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.Mosquitto;
import dev.edgecam.testing.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /state} of a real server whose cameras publish to Debian's mosquitto over TLS: one trusts the broker's CA and
 * is connected with TLS; one was given another CA, so it is refused, says why and what to do, and its camera goes on
 * serving pictures meanwhile. The broker's login is never in {@code /state}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpMqttStateTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void stateSaysTlsIsUsedAndWhyABrokerIsRefused() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa other = TestCa.create(dir, "other");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca, ca.issue("broker", List.of(), List.of("127.0.0.1")),
                false)) {
            URI url = URI.create("mqtts://ha:s3cret@127.0.0.1:" + broker.tlsPort());
            Size size = new Size(320, 240);
            List<CameraConfig> cameras = List.of(
                    camera("door", size, new EventOutputs(List.of(), url, new MqttTls(ca.certificateFile(), null, null))),
                    camera("yard", size, new EventOutputs(List.of(), url,
                            new MqttTls(other.certificateFile(), null, null))),
                    camera("hall", size, EventOutputs.NONE));
            try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                    SecurityConfig.open())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> mqtt(state(server), "door").get("connected")
                        .asBoolean() && mqtt(state(server), "yard").get("failuresInARow").asInt() >= 1);

                String body = send(server, "/state").body();
                assertThat(body).doesNotContain("s3cret").doesNotContain("ha:");
                JsonNode door = mqtt(state(server), "door");
                assertThat(door.get("broker").asText()).isEqualTo("127.0.0.1:" + broker.tlsPort());
                assertThat(door.get("tls").asBoolean()).isTrue();
                assertThat(door.get("trust").asText()).contains(ca.certificateFile().toString());
                assertThat(door.get("lastError").isNull()).isTrue();
                JsonNode yard = mqtt(state(server), "yard");
                assertThat(yard.get("connected").asBoolean()).isFalse();
                assertThat(yard.get("lastError").asText())
                        .startsWith("the broker's certificate is not trusted: give its CA with mqtt_ca");
                assertThat(mqtt(state(server), "hall").isNull()).isTrue();

                HttpResponse<String> snapshot = send(server, "/cam/yard/snapshot");
                assertThat(snapshot.statusCode()).as("the refused camera still serves pictures").isEqualTo(200);
            }
        }
    }

    private static CameraConfig camera(String id, Size size, EventOutputs events) {
        return new CameraConfig(id, SourceSpec.test(), size, 10, EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT)
                .withEvents(events);
    }

    private static JsonNode mqtt(JsonNode state, String camera) {
        for (JsonNode node : state.get("cameras")) {
            if (node.get("id").asText().equals(camera)) {
                return node.get("mqtt");
            }
        }
        throw new AssertionError("no camera " + camera + " in /state");
    }

    private JsonNode state(EdgecamServer server) throws Exception {
        return new ObjectMapper().readTree(send(server, "/state").body());
    }

    private HttpResponse<String> send(EdgecamServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
