package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.Renditions;
import dev.edgecam.testing.Jpegs;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ?size=WxH}: one JPEG hub per size somebody watches, beside the camera's default one, each encoded only while
 * it has viewers; the test pattern is 320x240.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpRenditionsTest {

    private static final Size HALF = new Size(160, 120);

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();

    @Test
    void aStreamOfAnotherSizeBesideTheDefaultOne() throws Exception {
        try (MjpegTestClient small = new MjpegTestClient(server.port(), "/stream?size=160x120");
             MjpegTestClient full = new MjpegTestClient(server.port(), "/stream")) {
            for (int i = 0; i < 3; i++) {
                assertThat(Jpegs.decode(small.next().jpeg())).isEqualTo(HALF);
                assertThat(Jpegs.decode(full.next().jpeg())).isEqualTo(new Size(HttpTestServer.WIDTH, HttpTestServer.HEIGHT));
            }
        }
        assertThat(Jpegs.decode(getBytes("/snapshot?size=160x120"))).isEqualTo(HALF);
        assertThat(Jpegs.decode(getBytes("/?action=snapshot&size=80x60"))).isEqualTo(new Size(80, 60));
    }

    @Test
    void nothingIsEncodedForASizeNobodyWatches() throws Exception {
        try (MjpegTestClient small = new MjpegTestClient(server.port(), "/stream?size=160x120")) {
            small.next();
        }
        FrameHub idle = server.camera.otherSizes().get(HALF);
        await().atMost(Duration.ofSeconds(10)).until(() -> !idle.hasDemand());
        Frame lastSmall = idle.latest();
        try (MjpegTestClient full = new MjpegTestClient(server.port(), "/stream")) {
            long first = full.next().sequence();
            long later = first;
            for (int i = 0; i < 5; i++) {
                later = full.next().sequence();
            }
            assertThat(later).isGreaterThan(first);
            assertThat(lastSmall.sequence()).isLessThan(first);
        }
        assertThat(idle.latest()).as("no frame for the size nobody watched").isSameAs(lastSmall);
    }

    @Test
    void sizesTheCameraCannotServeAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> larger = get("/stream?size=640x480");
        assertThat(larger.statusCode()).isEqualTo(400);
        assertThat(larger.body()).contains("640x480").contains("320x240");
        HttpResponse<String> notASize = get("/snapshot?size=big");
        assertThat(notASize.statusCode()).isEqualTo(400);
        assertThat(notASize.body()).contains("WIDTHxHEIGHT");

        for (int i = 0; i < Renditions.MAX_OTHER_SIZES; i++) {
            assertThat(getBytes("/snapshot?size=" + (100 + 20 * i) + "x100")).isNotEmpty();
        }
        HttpResponse<String> oneTooMany = get("/snapshot?size=64x64");
        assertThat(oneTooMany.statusCode()).isEqualTo(400);
        assertThat(oneTooMany.body()).contains("100x100").contains("160x100");
        assertThat(server.camera.otherSizes()).hasSize(Renditions.MAX_OTHER_SIZES);
    }

    @Test
    void aCameraThatNeverDeliveredAPictureServesOnlyItsOwnSize() throws Exception {
        try (HttpTestServer missing = HttpTestServer.startWithCameraMissing(options -> options)) {
            HttpResponse<String> refused = HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(
                    missing.uri("/snapshot?size=160x120")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("has not delivered a picture yet").contains("leave out size=");
        }
    }

    private byte[] getBytes(String target) throws Exception {
        HttpResponse<byte[]> response = HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(server.uri(target))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", target).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String target) throws Exception {
        return HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(server.uri(target))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
