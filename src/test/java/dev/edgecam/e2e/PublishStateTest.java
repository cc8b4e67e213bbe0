package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.MediaEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * A whole server whose camera publishes to two media servers, one there (nginx with the RTMP module, which Debian's
 * ffmpeg reads back) and one not (nothing listens): {@code /state} and {@code /metrics} say which is connected, what
 * went out and what failed, and never show the password of a publish URL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublishStateTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void stateAndMetricsShowEachPublisherWithoutItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (MediaEngine nginx = MediaEngine.nginxRtmp(dir)) {
            String there = nginx.publishUrl().replace("rtmp://", "rtmp://edgecam:hunter2@");
            String shownThere = nginx.publishUrl().replace("rtmp://", "rtmp://edgecam@");
            String missing = "rtsp://127.0.0.1:" + closedPort + "/door";
            CameraConfig door = new CameraConfig("door", SourceSpec.test(), new Size(320, 240), 10,
                    EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT)
                    .withPublish(List.of(PublishTarget.parse(there), PublishTarget.parse(missing)));
            try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), List.of(door),
                    SecurityConfig.open())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode publish = state(server).at("/cameras/0/publish");
                    return publish.at("/0/connected").asBoolean() && publish.at("/0/frames").asLong() > 10
                            && publish.at("/1/errors").asLong() >= 1;
                });
                assertThat(nginx.decodedFrames(10, 40)).as("frames ffmpeg decoded from nginx").isEqualTo(10);

                String stateText = get(server, "/state");
                JsonNode publish = new ObjectMapper().readTree(stateText).at("/cameras/0/publish");
                assertThat(publish.at("/0/url").asText()).isEqualTo(shownThere);
                assertThat(publish.at("/0/bytes").asLong()).isPositive();
                assertThat(publish.at("/0/errors").asLong()).isZero();
                assertThat(publish.at("/0/lastError").isNull()).isTrue();
                assertThat(publish.at("/1/url").asText()).isEqualTo(missing);
                assertThat(publish.at("/1/connected").asBoolean()).isFalse();
                assertThat(publish.at("/1/frames").asLong()).isZero();
                assertThat(publish.at("/1/lastError").asText()).contains("Connection refused");
                assertThat(new ObjectMapper().readTree(stateText).at("/publish")).as("the first camera at the top")
                        .hasSize(2);

                String metrics = get(server, "/metrics");
                assertThat(metrics).contains("edgecam_publish_connected{camera=\"door\",url=\"" + shownThere + "\"} 1.0")
                        .contains("edgecam_publish_connected{camera=\"door\",url=\"" + missing + "\"} 0.0")
                        .containsPattern("edgecam_publish_errors_total\\{camera=\"door\",url=\"" + missing.replace(".", "\\.")
                                + "\"} [1-9]")
                        .containsPattern("edgecam_publish_sent_bytes_total\\{camera=\"door\",url=\""
                                + shownThere.replace(".", "\\.") + "\"} [1-9]");
                assertThat(stateText + metrics).doesNotContain("hunter2");
            }
        }
    }

    private static JsonNode state(EdgecamServer server) throws Exception {
        return new ObjectMapper().readTree(get(server, "/state"));
    }

    private static String get(EdgecamServer server, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
