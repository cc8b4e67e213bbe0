package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code PUT /settings}' {@code h264Bitrate} changes what the camera's H.264 encoder (openh264, from the test pattern)
 * aims for while the page's player watches over {@code /h264}: {@code /state} shows the new bitrate, the viewer's
 * socket stays open, and its frames go on from a keyframe of the reopened encoder.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpH264BitrateSettingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2 Mbit/s scaled to 320x240 at 15 fps is under the 100 kbit/s floor. */
    private static final long DEFAULT_BITRATE = 100_000;

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();

    @Test
    void aNewBitrateReachesTheEncoderWithoutDroppingTheViewer() throws Exception {
        WebSocketMessages viewer = WebSocketMessages.connect(server.port(), "/h264?format=annexb");
        try {
            assertThat(JSON.readTree(viewer.text()).get("type").asText()).isEqualTo("stream");
            byte[] first = viewer.binary();
            assertThat(keyframe(first)).as("a viewer starts at a keyframe").isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> h264State().at("/bitrate").asLong() == DEFAULT_BITRATE);
            long opensBefore = h264State().at("/encoderOpens").asLong();

            JsonNode applied = JSON.readTree(put("{\"h264Bitrate\": 300000}").body());
            assertThat(applied.get("h264Bitrate").asLong()).isEqualTo(300_000);
            assertThat(applied.get("quality").asInt()).as("the other settings unchanged").isEqualTo(80);

            List<byte[]> after = framesUntilKeyframe(viewer, sequence(first));
            assertThat(keyframe(after.get(after.size() - 1))).as("the reopened encoder starts with a keyframe").isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> h264State().at("/bitrate").asLong() == 300_000);
            assertThat(h264State().at("/encoderOpens").asLong()).isEqualTo(opensBefore + 1);
            assertThat(sequence(viewer.binary())).as("the same socket goes on")
                    .isGreaterThan(sequence(after.get(after.size() - 1)));

            assertThat(put("{\"h264Bitrate\": 300000}").statusCode()).isEqualTo(200);
            assertThat(put("{\"quality\": 70}").statusCode()).isEqualTo(200);
            viewer.binary();
            assertThat(h264State().at("/encoderOpens").asLong()).as("no reopen when the bitrate stays")
                    .isEqualTo(opensBefore + 1);

            assertThat(put("{\"h264Bitrate\": 0}").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> h264State().at("/bitrate").asLong() == DEFAULT_BITRATE);
            assertThat(JSON.readTree(get("/settings")).get("h264Bitrate").asLong()).isZero();
        } finally {
            viewer.close();
        }
    }

    /** The frames after {@code afterSequence} up to and including the next keyframe (at most 10 s of them). */
    private static List<byte[]> framesUntilKeyframe(WebSocketMessages viewer, long afterSequence) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        long previous = afterSequence;
        for (int i = 0; i < 150; i++) {
            byte[] frame = viewer.binary();
            assertThat(sequence(frame)).as("frames in order").isGreaterThan(previous);
            previous = sequence(frame);
            frames.add(frame);
            if (keyframe(frame) && i > 0) {
                return frames;
            }
        }
        throw new AssertionError("no keyframe in 150 frames after the bitrate changed");
    }

    private JsonNode h264State() throws Exception {
        return JSON.readTree(get("/state")).get("h264");
    }

    private String get(String target) throws Exception {
        return HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(server.uri(target)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> put(String body) throws Exception {
        return HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(server.uri("/settings"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean keyframe(byte[] message) {
        return (message[1] & 1) != 0;
    }

    private static long sequence(byte[] message) {
        return java.nio.ByteBuffer.wrap(message, 10, 8).getLong();
    }
}
