package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /snapshot}: one fresh JPEG per request, never cached, and no encoding left running afterwards. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSnapshotTest {

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();
    private final HttpClient http = HttpTestServer.HTTP_CLIENT;

    @ParameterizedTest
    @ValueSource(strings = {"/snapshot", "/snapshot.jpg", "/?action=snapshot"})
    void answersOneValidJpegCapturedAfterTheRequest(String path) throws Exception {
        long askedMicros = MjpegTestClient.nowMicros();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains(MjpegProtocol.JPEG_CONTENT_TYPE);
        assertThat(response.headers().firstValue("cache-control").orElseThrow()).contains("no-store");
        long captured = MjpegProtocol.parseTimestamp(response.headers().firstValue(MjpegProtocol.TIMESTAMP_HEADER).orElseThrow());
        assertThat(captured).as("captured after the request").isGreaterThanOrEqualTo(askedMicros);
        assertThat(captured).isLessThanOrEqualTo(MjpegTestClient.nowMicros());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(HttpTestServer.WIDTH);
        assertThat(image.getHeight()).isEqualTo(HttpTestServer.HEIGHT);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.hub.listenerCount() == 0);
    }

    @Test
    void eachSnapshotOnAKeptAliveConnectionIsANewFrame() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.request("GET", "/snapshot");
            HttpWire.Response first = wire.readResponse();
            wire.request("GET", "/snapshot");
            HttpWire.Response second = wire.readResponse();
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(Long.parseLong(second.headers().get("x-sequence")))
                    .isGreaterThan(Long.parseLong(first.headers().get("x-sequence")));
            assertThat(ImageIO.read(new ByteArrayInputStream(second.body()))).isNotNull();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\nGET /settings HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpWire.Response snapshot = wire.readResponse();
            HttpWire.Response settings = wire.readResponse();
            assertThat(snapshot.headers().get("content-type")).isEqualTo(MjpegProtocol.JPEG_CONTENT_TYPE);
            assertThat(settings.text()).contains("\"quality\"");
        }
    }

    @Test
    void requestsPipelinedPastTheLimitAreRefusedWithAnAnswerAfterTheOthers() throws Exception {
        int sent = 200; // past Netty's own limit of 128 too
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /state HTTP/1.1\r\nHost: x\r\n\r\n".repeat(sent));
            assertThat(wire.readResponse().headers().get("content-type")).isEqualTo(MjpegProtocol.JPEG_CONTENT_TYPE);
            for (int i = 0; i < PipelinedRequests.MAX_WAITING_REQUESTS; i++) {
                assertThat(wire.readResponse().status()).as("waiting request %d", i).isEqualTo(200);
            }
            HttpWire.Response refused = wire.readResponse();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.text()).contains("ahead of their answers");
            assertThat(refused.headers().get("connection")).isEqualTo("close");
            assertThat(wire.in.read()).as("nothing after the refusal").isEqualTo(-1);
        }
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.uri("/snapshot"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length").orElseThrow()).isPositive();
        assertThat(response.body()).isEmpty();
    }
}
