package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.testing.LateFramesH264Source;
import dev.edgecam.testing.PageScripts;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The page's Media Source Extensions path in real headless Chromium ({@code src/test/js/mse-late-frames-test.mjs},
 * WebCodecs taken away) against a camera whose frames now and then come late ({@link LateFramesH264Source}: 150 to
 * 400 ms late, and once a whole second, each just after a keyframe). A late frame must not make Chromium drop the
 * frames after it up to the next keyframe (the discontinuity rule of MSE's coded frame processing, which a decode-time
 * jump of more than twice the last sample's duration triggers): after each late frame the picture goes on, and the
 * latency the page shows stays the true capture-to-paint time. Screenshot and figures in
 * {@code target/test-artifacts/mse-late-frames/}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MseLateFramesBrowserTest {

    /** Seconds watched: about 7 late frames, one of them a second late. */
    private static final int SECONDS = 16;

    private H264TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePictureGoesOnAfterEachLateFrame() throws Exception {
        PageScripts.requireBrowserTools();
        server = H264TestServer.startWith(LateFramesH264Source::camera);
        Files.createDirectories(PageScripts.ARTIFACTS);
        JsonNode result = PageScripts.run("mse-late-frames-test.mjs", List.of("http://127.0.0.1:" + server.port() + "/",
                PageScripts.ARTIFACTS.resolve("mse-late-frames").toAbsolutePath().toString(),
                String.valueOf(SECONDS)), Map.of(), Map.of());

        assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
        assertThat(result.get("path").asText()).isEqualTo("mse");
        JsonNode gaps = result.get("gaps");
        assertThat(gaps.size()).as("late frames seen: %s", gaps).isGreaterThanOrEqualTo(4);
        assertThat(gaps.findValues("lateByMs")).as("one a whole second late")
                .anySatisfy(late -> assertThat(late.asInt()).isGreaterThan(900));
        // 1.5 s after a late frame holds 45 frames; dropping up to the next keyframe (a second after the one before
        // the late frame) would leave at most about 17, and a pause of most of a second.
        assertThat(gaps).as("after each late frame: %s", gaps).allSatisfy(gap -> {
            assertThat(gap.get("framesPainted").asInt()).isGreaterThanOrEqualTo(25);
            assertThat(gap.get("longestPauseMs").asInt()).isLessThan(500);
        });
        // Waiting for a late frame is a stall ('waiting'), as it is the camera's; but none elsewhere (a timeline
        // slower than the frames come, or a player that falls out of step), and no jumps.
        assertThat(result.get("waitingAwayFromLateFrames").asInt()).as("stalls away from late frames")
                .isLessThanOrEqualTo(2);
        assertThat(result.get("waiting").asInt()).as("stalls").isLessThanOrEqualTo(3 * gaps.size());
        assertThat(result.get("seeking").asInt()).as("the player's jumps").isLessThanOrEqualTo(1);
        assertThat(result.get("maxRanges").asInt()).as("buffered ranges at once").isLessThanOrEqualTo(2);
        assertThat(result.at("/latencyMs/min").asDouble()).as("no frame painted before it was captured")
                .isGreaterThan(-50.0);
        assertThat(result.at("/latencyMs/p50").asDouble()).as("capture-to-paint p50").isBetween(0.0, 1000.0);
        assertThat(result.get("pageLatencyMs").asDouble()).as("the page's latency figure").isBetween(0.0, 1000.0);
        assertThat(result.get("consoleErrors")).isEmpty();
    }
}
