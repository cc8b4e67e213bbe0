package dev.edgecam.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.Event;
import dev.edgecam.events.EventLog;
import dev.edgecam.frame.Size;
import dev.edgecam.record.MinFree;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordMode;
import dev.edgecam.record.RecordingStatus;
import dev.edgecam.testing.FfmpegCli;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.MovingSquareSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Motion detection on a camera whose clip has motion at known times ({@link MovingSquareSource}, JPEG-encoded by the
 * camera as usual): the event starts and ends within 0.5 s of the truth, with its peak share and a snapshot; a still
 * scene, and motion inside a mask, make no event. In {@code record: {mode: motion}} the camera records one clip, from
 * {@code pre} before the motion to {@code post} after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MotionWatchTest {

    private static final MotionConfig MOTION = new MotionConfig(true, 5, 0.5, 0.01, Duration.ofSeconds(1), List.of());

    @TempDir
    Path dir;

    @Test
    void motionAtKnownTimesIsOneEventWithinHalfASecondWithPeakAndSnapshot() throws Exception {
        MovingSquareSource clip = new MovingSquareSource(2.0, 4.0, 0.05, 0.4, 0.8);
        RecordConfig record = RecordConfig.continuous(dir).withCodec(RecordCodec.MJPEG);
        try (Camera camera = Camera.open(config(MOTION).withRecord(record), clip)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> types(camera).contains(EventLog.MOTION_END));
            List<Event> motion = camera.events().events().stream()
                    .filter(e -> e.type().startsWith("motion")).toList();
            assertThat(motion).extracting(Event::type).containsExactly(EventLog.MOTION_START, EventLog.MOTION_END);
            Instant zero = Instant.ofEpochSecond(0, clip.openedEpochMicros() * 1000);
            assertThat(secondsBetween(zero, motion.get(0).time())).as("start").isBetween(1.5, 2.5);
            assertThat(secondsBetween(zero, motion.get(1).time())).as("end").isBetween(3.5, 4.5);
            assertThat(motion.get(1).detail()).contains("peak", "% of the picture", "snapshot");
            Path snapshot = Path.of(motion.get(1).detail().replaceAll(".*snapshot ", ""));
            assertThat(snapshot.getFileName().toString()).endsWith("-motion.jpg");
            assertThat(Files.readAllBytes(snapshot)).startsWith((byte) 0xff, (byte) 0xd8);
        }
    }

    @Test
    void motionModeRecordsOneClipFromPreBeforeToPostAfterTheMotion() throws Exception {
        MovingSquareSource clip = new MovingSquareSource(3.0, 4.0, 0.05, 0.4, 0.8);
        MotionConfig motion = new MotionConfig(true, 5, 0.5, 0.01, Duration.ofSeconds(1), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        // Clips are cut at segment boundaries too: with day-long segments, and not near midnight UTC, this one is not.
        RecordConfig record = new RecordConfig(RecordMode.MOTION, dir, Duration.ofDays(1),
                RecordConfig.DEFAULT_KEEP, new MinFree(0, 0), RecordCodec.MJPEG);
        sleepPastMidnightUtcIfWithin(Duration.ofSeconds(20));
        try (Camera camera = Camera.open(config(motion).withRecord(record), clip)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> types(camera).contains(EventLog.MOTION_END));
            // The clip goes on for post (1 s) after the event's cool-down, then closes.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(camera.recording())
                    .as("the recording after the event %s", types(camera))
                    .returns(1L, RecordingStatus::segments)
                    .doesNotReturn("recording", RecordingStatus::state));
            Thread.sleep(1500);
            assertThat(camera.recording().segments()).as("one clip, nothing after it").isEqualTo(1);
        }
        List<Path> clips;
        try (var walk = Files.walk(dir)) {
            clips = walk.filter(f -> f.toString().endsWith(".mkv")).toList();
        }
        assertThat(clips).hasSize(1);
        assertThat(clips.get(0).getFileName().toString()).as("an event clip, kept for events_keep")
                .matches("\\d{2}-\\d{2}-\\d{2}-event\\.mkv");
        assertThat(FfmpegCli.decodeErrors(clips.get(0))).isEmpty();
        // From 1 s before the motion (2.0 s) to post after the cool-down after it (4.0 + 1 + 1 s): about 4 s.
        assertThat(FfmpegCli.duration(clips.get(0))).isBetween(3.0, 5.5);
    }

    @Test
    void aStillSceneMakesNoEvent() throws Exception {
        try (Camera camera = Camera.open(config(MOTION), new MovingSquareSource(100, 101, 0.05, 0.4, 0.8))) {
            Thread.sleep(4000);
            assertThat(types(camera)).doesNotContain(EventLog.MOTION_START);
        }
    }

    @Test
    void motionInsideAMaskMakesNoEvent() throws Exception {
        MotionConfig masked = new MotionConfig(true, 5, 0.5, 0.01, Duration.ofSeconds(1),
                List.of(MotionMask.parse("0,0,1,0.5")));
        // The square crosses the top half only, which the mask covers.
        try (Camera camera = Camera.open(config(masked), new MovingSquareSource(0.5, 3.5, 0.05, 0.1, 0.8))) {
            Thread.sleep(4000);
            assertThat(types(camera)).doesNotContain(EventLog.MOTION_START);
        }
    }

    private static void sleepPastMidnightUtcIfWithin(Duration margin) throws InterruptedException {
        long untilMidnight = Duration.ofDays(1).toMillis() - Math.floorMod(System.currentTimeMillis(), Duration.ofDays(1).toMillis());
        if (untilMidnight < margin.toMillis()) {
            Thread.sleep(untilMidnight + 1000);
        }
    }

    private static CameraConfig config(MotionConfig motion) {
        return new CameraConfig("door", SourceSpec.test(), new Size(MovingSquareSource.WIDTH, MovingSquareSource.HEIGHT),
                MovingSquareSource.FPS, EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT).withMotion(motion);
    }

    private static List<String> types(Camera camera) {
        return camera.events().events().stream().map(Event::type).toList();
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
