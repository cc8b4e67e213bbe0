package dev.edgecam.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.Event;
import dev.edgecam.events.EventLog;
import dev.edgecam.frame.Size;
import dev.edgecam.record.RecordConfig;
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
 * scene, and motion inside a mask, make no event.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MotionWatchTest {

    private static final MotionConfig MOTION = new MotionConfig(true, 5, 0.5, 0.01, Duration.ofSeconds(1), List.of());

    @TempDir
    Path dir;

    @Test
    void motionAtKnownTimesIsOneEventWithinHalfASecondWithPeakAndSnapshot() throws Exception {
        MovingSquareSource clip = new MovingSquareSource(2.0, 4.0, 0.05, 0.4, 0.8);
        RecordConfig record = RecordConfig.continuous(dir).withCodec(dev.edgecam.record.RecordCodec.MJPEG);
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
