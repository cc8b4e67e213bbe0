package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.EventLog;
import dev.edgecam.frame.Size;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.PageScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's recordings timeline in real headless Chromium on a phone-sized screen ({@code src/test/js/timeline-test.mjs}):
 * a server records its H.264 camera in 2-second segments and has a motion event; the timeline shows every listed
 * segment and the event, fits the screen, and a tap on a segment plays that segment in the page's {@code <video>},
 * whose time advances. Screenshots in {@code target/test-artifacts/timeline-*.png}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimelineBrowserTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireBrowser() {
        PageScripts.requireBrowserTools();
    }

    @Test
    void theTimelineShowsSegmentsAndEventsAndPlaysWhereTapped() throws Exception {
        RecordConfig record = RecordConfig.continuous(dir).withSegment(Duration.ofSeconds(2));
        List<CameraConfig> cameras = List.of(new CameraConfig("door", SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, record));
        try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                SecurityConfig.open())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> server.camera("door").recording().segments() >= 4);
            Instant now = Instant.now();
            EventLog events = server.camera("door").events();
            events.publish(EventLog.MOTION_START, "0.12", now.minusSeconds(5));
            events.publish(EventLog.MOTION_END, "test", now.minusSeconds(3));

            Files.createDirectories(PageScripts.ARTIFACTS);
            JsonNode result = PageScripts.run("timeline-test.mjs", List.of("http://127.0.0.1:" + server.httpPort() + "/",
                    PageScripts.ARTIFACTS.toAbsolutePath().toString()), Map.of(), Map.of());

            assertThat(result.path("error").isMissingNode()).as("script error: %s", result.path("error").asText()).isTrue();
            assertThat(result.get("segments").size()).isGreaterThanOrEqualTo(3);
            assertThat(result.get("segments")).allSatisfy(url -> assertThat(url.asText())
                    .matches("/recordings/door/\\d{4}-\\d{2}-\\d{2}/\\d{2}-\\d{2}-\\d{2}\\.mp4"));
            assertThat(result.get("events")).extracting(event -> Instant.parse(event.asText()))
                    .containsExactly(now.minusSeconds(5).truncatedTo(ChronoUnit.MILLIS));
            assertThat(result.get("pageWidth").asInt()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
            assertThat(result.get("barWidth").asDouble()).isGreaterThan(300);
            assertThat(result.get("playedUrl").asText()).isEqualTo(result.get("clickedUrl").asText());
            assertThat(result.get("timeAfter").asDouble()).as("the video plays on")
                    .isGreaterThan(result.get("startTime").asDouble() + 0.5);
            assertThat(result.get("videoSize").asText()).isEqualTo("320x240");
            assertThat(result.get("cursorShown").asBoolean()).isTrue();
            assertThat(result.get("consoleErrors")).isEmpty();
        }
    }
}
