package dev.edgecam.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Size;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.FakeCameraProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --source auto} without a camera at start: the test pattern, until a camera appears and opens. */
@Timeout(60)
class AutoSourceTest {

    private static final Size PATTERN_SIZE = new Size(320, 240);
    private static final Size CAMERA_SIZE = new Size(160, 120);
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);
    private static final int MAX_FRAMES = 300;

    private final FakeCameraProbe probe = new FakeCameraProbe();
    private final AutoSource source = new AutoSource(new TestPatternSource(PATTERN_SIZE, 30), probe, LOOK_EVERY);

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    void showsTheTestPatternUntilACameraOpensThenTheCamera() throws Exception {
        source.open();
        assertThat(source.kind()).isEqualTo(SourceSpec.Kind.TEST);
        assertThat(source.describe()).startsWith("test pattern 320x240").contains("until a camera appears at " + FakeCameraProbe.WHERE);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.looks() >= 3);
        assertThat(sizeOf(source.next(true))).isEqualTo(PATTERN_SIZE);

        // A camera that is there but will not open yet (busy, still enumerating): the pattern stays.
        FailOnCommandSource camera = new FailOnCommandSource(CAMERA_SIZE, 30);
        camera.unplug();
        probe.plugIn(camera);
        await().atMost(Duration.ofSeconds(10)).until(() -> camera.opens() >= 3);
        assertThat(sizeOf(source.next(true))).isEqualTo(PATTERN_SIZE);
        assertThat(source.kind()).isEqualTo(SourceSpec.Kind.TEST);

        camera.plugIn();
        Size size = PATTERN_SIZE;
        for (int i = 0; i < MAX_FRAMES && size.equals(PATTERN_SIZE); i++) {
            size = sizeOf(source.next(true));
        }
        assertThat(size).as("the camera's frames within %d frames", MAX_FRAMES).isEqualTo(CAMERA_SIZE);
        assertThat(source.kind()).isEqualTo(SourceSpec.Kind.CAMERA);
        assertThat(source.describe()).isEqualTo(camera.describe());
        assertThat(source.size()).isEqualTo(CAMERA_SIZE);

        // Switched for good: no more looking, and a later failure is the camera's (reopened, not the pattern).
        int looksAfterSwitch = probe.looks();
        Thread.sleep(LOOK_EVERY.toMillis() * 5);
        assertThat(probe.looks()).isEqualTo(looksAfterSwitch);
        source.close();
        int opens = camera.opens();
        source.open();
        assertThat(camera.opens()).isEqualTo(opens + 1);
        assertThat(sizeOf(source.next(true))).isEqualTo(CAMERA_SIZE);
    }

    @Test
    void closingStopsLooking() throws Exception {
        source.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.looks() >= 2);
        source.close();
        int looksAtClose = probe.looks();
        Thread.sleep(LOOK_EVERY.toMillis() * 5);
        assertThat(probe.looks()).isEqualTo(looksAtClose);
    }

    @Test
    void autoIsTheCameraWhenItIsThereAtStart() {
        FailOnCommandSource camera = new FailOnCommandSource(CAMERA_SIZE, 30);
        CameraProbe present = new FakeCameraProbe().plugIn(camera);
        assertThat(SourceFactory.auto(present, PATTERN_SIZE, 30)).isSameAs(camera);
        assertThat(SourceFactory.auto(probe, PATTERN_SIZE, 30)).isInstanceOf(AutoSource.class);
    }

    /** The real probe: nothing until the device file exists, then a camera source for it (opened only later). */
    @Test
    void theDeviceProbeFindsACameraOnceItsDeviceFileExists(@TempDir Path dir) throws Exception {
        Path device = dir.resolve("video0");
        CameraProbe probe = CameraProbe.device(device.toString(), PATTERN_SIZE, 30);
        assertThat(probe.where()).isEqualTo(device.toString());
        assertThat(probe.find()).isNull();

        Files.createFile(device);
        FrameSource found = probe.find();
        assertThat(found).isNotNull();
        assertThat(found.kind()).isEqualTo(SourceSpec.Kind.CAMERA);
        assertThat(found.describe()).isEqualTo("camera " + device);
        found.close();
    }

    private static Size sizeOf(Capture capture) {
        return new Size(capture.width(), capture.height());
    }
}
