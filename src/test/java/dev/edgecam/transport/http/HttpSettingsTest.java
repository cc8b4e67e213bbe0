package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
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
import org.junit.jupiter.params.provider.CsvSource;

/** {@code PUT /settings} changes the picture for everyone at run time, and refuses bad values clearly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpSettingsTest {

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();
    private final HttpClient http = HttpTestServer.HTTP_CLIENT;

    private HttpResponse<String> put(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/settings")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void newSizeAndQualityReachAConnectedStreamWithoutReconnecting() throws Exception {
        try (MjpegTestClient stream = new MjpegTestClient(server.port(), "/stream")) {
            MjpegTestClient.Part before = stream.next();
            assertThat(image(before.jpeg()).getWidth()).isEqualTo(HttpTestServer.WIDTH);

            HttpResponse<String> response = put("{\"outputSize\": \"160x120\", \"quality\": 40, \"maxFps\": 10}");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode applied = new ObjectMapper().readTree(response.body());
            assertThat(applied.get("outputSize").asText()).isEqualTo("160x120");
            assertThat(applied.get("quality").asInt()).isEqualTo(40);
            assertThat(applied.get("maxFps").asDouble()).isEqualTo(10.0);
            assertThat(server.camera.settings().quality()).isEqualTo(40);

            BufferedImage resized = null;
            for (int i = 0; i < 30 && resized == null; i++) {
                BufferedImage picture = image(stream.next().jpeg());
                if (picture.getWidth() == 160) {
                    resized = picture;
                }
            }
            assertThat(resized).as("the same connection got the new size").isNotNull();
            assertThat(resized.getHeight()).isEqualTo(120);

            JsonNode current = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(server.uri("/settings"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(current).isEqualTo(applied);

            assertThat(put("{\"outputSize\": null}").statusCode()).isEqualTo(200);
            assertThat(server.camera.settings().outputSize()).isNull();
            assertThat(server.camera.settings().quality()).as("fields not sent stay as they were").isEqualTo(40);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"quality\": 0}                 | quality must be a whole number from 1 to 100, got 0",
        "{\"quality\": \"high\"}          | quality must be a whole number from 1 to 100",
        "{\"maxFps\": 1000}               | maxFps must be 0 (no cap) or a number from 1 to 15 (the source's rate), got 1000",
        "{\"outputSize\": \"big\"}        | outputSize must be \"WIDTHxHEIGHT\" from 16x16 to 320x240",
        "{\"outputSize\": \"4x4\"}        | outputSize must be \"WIDTHxHEIGHT\" from 16x16 to 320x240",
        "{\"colour\": \"blue\"}           | unknown setting 'colour'; the settings are h264Bitrate, maxFps, outputSize, quality",
        "{\"h264Bitrate\": 9999}        | h264Bitrate must be 0 (the default for the picture) or a whole number of bits per second from 10000 to 100000000, got 9999",
        "{\"h264Bitrate\": 100000001}   | h264Bitrate must be 0 (the default for the picture) or a whole number of bits per second from 10000 to 100000000, got 100000001",
        "{\"h264Bitrate\": -1}          | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": \"2M\"}        | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": 1500000.5}   | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": 1e7}         | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": 18446744073709551617} | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": null}        | h264Bitrate must be 0 (the default for the picture)",
        "{\"h264Bitrate\": 1500000, \"h264Bitrate\": 1} | Duplicate field 'h264Bitrate'",
        "{\"quality\": 50, \"h264Bitrate\": 5} | h264Bitrate must be",
        "{}                               | send a JSON object",
        "[1, 2]                           | send a JSON object",
        "quality=50                       | the body is not one valid JSON object",
        // The attacks of issue 11, item 2: each would stop, freeze or silently change everyone's video.
        "{\"outputSize\": \"8192x8192\", \"quality\": 100} | edgecam does not upscale), or null for the source's size, got \"8192x8192\"",
        "{\"outputSize\": \"321x240\"}    | to 320x240 (the source's size",
        "{\"maxFps\": 1e-9}               | maxFps must be 0 (no cap) or a number from 1 to 15",
        "{\"maxFps\": 0.5}                | maxFps must be 0 (no cap) or a number from 1 to 15",
        "{\"maxFps\": 16}                 | maxFps must be 0 (no cap) or a number from 1 to 15",
        "{\"maxFps\": \"5\"}              | maxFps must be 0 (no cap) or a number from 1 to 15",
        "{\"quality\": 4294967297}        | quality must be a whole number from 1 to 100, got 4294967297",
        "{\"quality\": 70.5}              | quality must be a whole number from 1 to 100, got 70.5",
        "{\"quality\": \"70\"}            | quality must be a whole number from 1 to 100, got \"70\"",
        "{\"quality\": 70} junk           | the body is not one valid JSON object",
        "{\"quality\": 70} {\"quality\": 1} | the body is not one valid JSON object",
        "{\"quality\": 70, \"quality\": 1} | Duplicate field 'quality'",
    })
    void invalidSettingsAreRefusedWith400AndNothingChanges(String body, String message) throws Exception {
        HttpResponse<String> response = put(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        JsonNode error = new ObjectMapper().readTree(response.body());
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText()).startsWith("settings not changed: ").contains(message);
        assertThat(server.camera.settings()).isEqualTo(dev.edgecam.encode.EncodeSettings.defaults());
        assertThat(server.camera.h264Settings()).isEqualTo(dev.edgecam.encode.H264Settings.defaults());
    }

    @Test
    void theSourcesOwnSizeAndRateAreAcceptedAtTheLimits() throws Exception {
        HttpResponse<String> response = put("{\"outputSize\": \"320x240\", \"maxFps\": 15, \"quality\": 100}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(put("{\"maxFps\": 1, \"quality\": 1, \"outputSize\": \"16x16\"}").statusCode()).isEqualTo(200);
        assertThat(put("{\"maxFps\": 0}").statusCode()).as("0 lifts the cap").isEqualTo(200);
        assertThat(server.camera.settings().maxFps()).isZero();
        assertThat(put("{\"h264Bitrate\": 10000}").statusCode()).isEqualTo(200);
        assertThat(put("{\"h264Bitrate\": 100000000}").statusCode()).isEqualTo(200);
        assertThat(server.camera.h264Settings().bitrate()).isEqualTo(100_000_000);
        assertThat(put("{\"h264Bitrate\": 0}").statusCode()).as("0 is the default again").isEqualTo(200);
        assertThat(server.camera.h264Settings()).isEqualTo(dev.edgecam.encode.H264Settings.defaults());
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        HttpResponse<String> response = put("{\"quality\": 50, \"pad\": \"" + "x".repeat(HttpOptions.MAX_BODY_BYTES) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
    }

    private static BufferedImage image(byte[] jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }
}
