package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.Event;
import dev.edgecam.events.EventLog;
import dev.edgecam.events.EventOutputs;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /events} of a real server with two cameras: every camera's events, filtered by camera, type and time; a
 * bad filter is a 400 naming the value. A camera's {@code webhooks} get its events. {@code Accept: text/event-stream}
 * turns it into a live Server-Sent Events stream (read by the JDK's HTTP client).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpEventsTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void listsAndFiltersTheCamerasEventsAndPostsThemToTheWebhook() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> 200)) {
            Size size = new Size(320, 240);
            List<CameraConfig> cameras = List.of(
                    new CameraConfig("door", SourceSpec.test(), size, 10, EncodeSettings.defaults(),
                            CameraConfig.NO_LEGACY_PORT).withEvents(new EventOutputs(List.of(receiver.url()), null)),
                    new CameraConfig("yard", SourceSpec.test(), size, 10, EncodeSettings.defaults(),
                            CameraConfig.NO_LEGACY_PORT));
            try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                    SecurityConfig.open())) {
                Event first = server.camera("door").events().publish(EventLog.CAMERA_OFFLINE, "unplugged");
                Thread.sleep(20);
                Event second = server.camera("yard").events().publish(EventLog.RECORDING_FAILED, "disk full");
                server.camera("door").events().publish(EventLog.CAMERA_ONLINE, "");

                JsonNode all = get(server, "/events").get("events");
                assertThat(all).hasSize(3);
                assertThat(all.get(0).get("id").asLong()).isEqualTo(first.id());
                assertThat(all.get(0).get("camera").asText()).isEqualTo("door");
                assertThat(all.get(0).get("type").asText()).isEqualTo("camera_offline");
                assertThat(all.get(0).get("detail").asText()).isEqualTo("unplugged");
                assertThat(all.get(0).get("time").asText()).isEqualTo(first.time().toString());

                assertThat(get(server, "/events?camera=door").get("events")).hasSize(2);
                assertThat(get(server, "/events?type=recording_failed").get("events")).hasSize(1);
                assertThat(get(server, "/events?since=" + first.time()).get("events")).hasSize(2);
                assertThat(get(server, "/events?until=" + second.time() + "&camera=yard").get("events")).hasSize(1);
                assertThat(get(server, "/events?since=4102444800").get("events")).isEmpty(); // 2100

                HttpResponse<String> bad = send(server, "/events?since=yesterday");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.body()).contains("'yesterday' is not a time");
                assertThat(send(server, "/events?camera=garage").statusCode()).isEqualTo(404);

                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 2);
                assertThat(receiver.bodies().get(0)).contains("\"camera_offline\"", "\"door\"");
                assertThat(receiver.bodies().get(1)).contains("\"camera_online\"");
            }
        }
    }

    @Test
    void aLiveStreamGetsTheKeptEventsThenEachNewOneAsServerSentEvents() throws Exception {
        List<CameraConfig> cameras = List.of(new CameraConfig("door", SourceSpec.test(), new Size(320, 240), 10,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT));
        try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                SecurityConfig.open())) {
            Event kept = server.camera("door").events().publish(EventLog.CAMERA_OFFLINE, "unplugged");
            HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/events?camera=door"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("id: " + kept.id());
            assertThat(lines.next()).isEqualTo("event: camera_offline");
            assertThat(lines.next()).startsWith("data: {").contains("\"detail\":\"unplugged\"");
            assertThat(lines.next()).isEmpty();

            Event live = server.camera("door").events().publish(EventLog.CAMERA_ONLINE, "back");
            assertThat(lines.next()).isEqualTo("id: " + live.id());
            assertThat(lines.next()).isEqualTo("event: camera_online");
            JsonNode data = new ObjectMapper().readTree(lines.next().substring("data: ".length()));
            assertThat(data.get("detail").asText()).isEqualTo("back");
            assertThat(data.get("camera").asText()).isEqualTo("door");
            response.body().close();
        }
    }

    private JsonNode get(EdgecamServer server, String path) throws Exception {
        HttpResponse<String> response = send(server, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private HttpResponse<String> send(EdgecamServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
