package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.events.Event;
import dev.edgecam.events.EventLog;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.GopHub;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.FfmpegCli;
import dev.edgecam.testing.H264TestStream;
import dev.edgecam.testing.H264FileStandIn;
import dev.edgecam.testing.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera recording its H.264 (5 Mbit/s, {@link H264TestStream}) onto a tmpfs of a few megabytes the test mounts: with
 * {@code min_free} set, retention deletes the oldest segments as it goes and recording never fails; with none, the
 * disk fills, recording pauses and retries, a viewer keeps receiving every frame, and once space is freed recording
 * resumes in a new segment that decodes; the camera's events say {@code recording_failed}, then
 * {@code recording_resumed}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecorderOnSmallDiskTest {

    @TempDir
    Path dir;

    @Test
    void retentionKeepsFreeSpaceWhileRecording() throws Exception {
        H264TestStream.accessUnits();
        try (SmallDisk disk = SmallDisk.mount(dir, 6)) {
            RecordConfig record = RecordConfig.continuous(disk.path()).withSegment(Duration.ofSeconds(2))
                    .withMinFree(MinFree.parse("2MiB"));
            try (Camera camera = Camera.open(config(record), new H264FileStandIn())) {
                await().atMost(Duration.ofSeconds(60)).alias("segments deleted; " + camera.recording())
                        .until(() -> camera.recording().deleted() >= 3);
                RecordingStatus status = camera.recording();
                assertThat(status.errors()).as(status.toString()).isZero();
                assertThat(status.state()).isEqualTo("recording");
            }
            for (Path file : files(disk.path())) {
                assertThat(FfmpegCli.decodeErrors(file)).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void aFullDiskPausesRecordingNeverTheViewerAndRecordingResumesWhenSpaceIsFreed() throws Exception {
        H264TestStream.accessUnits();
        try (SmallDisk disk = SmallDisk.mount(dir, 3)) {
            RecordConfig record = RecordConfig.continuous(disk.path()).withSegment(Duration.ofSeconds(2))
                    .withMinFree(new MinFree(0, 0));
            try (Camera camera = Camera.open(config(record), new H264FileStandIn())) {
                AtomicLong viewed = new AtomicLong();
                GopHub.Subscriber[] viewer = new GopHub.Subscriber[1];
                viewer[0] = camera.h264Hub().subscribe(frame -> {
                    GopHub.Subscriber self = viewer[0];
                    while (self != null && self.next() != null) {
                        viewed.incrementAndGet();
                    }
                });
                await().atMost(Duration.ofSeconds(60)).alias("a write failed; " + camera.recording())
                        .until(() -> camera.recording().errors() >= 1);
                assertThat(camera.recording().state()).isEqualTo("paused");
                assertThat(camera.recording().lastError()).isNotBlank();

                long before = viewed.get();
                Thread.sleep(2000);
                assertThat(viewed.get() - before).as("frames the viewer got in 2 s of a full disk").isGreaterThan(50);
                assertThat(camera.status().online()).isTrue();

                List<Path> written = files(disk.path());
                for (Path file : written) {
                    Files.delete(file);
                }
                long segmentsBefore = camera.recording().segments();
                await().atMost(Duration.ofSeconds(20)).alias("recording again; " + camera.recording())
                        .until(() -> camera.recording().segments() > segmentsBefore
                                && camera.recording().state().equals("recording"));
                Thread.sleep(1000);
                viewer[0].close();
                // The camera's events say it too (StatusWatch looks twice a second).
                await().atMost(Duration.ofSeconds(5)).until(() -> camera.events().events().stream()
                        .map(Event::type).toList().containsAll(List.of(EventLog.RECORDING_FAILED,
                                EventLog.RECORDING_RESUMED)));
            }
            List<Path> after = files(disk.path());
            assertThat(after).isNotEmpty();
            for (Path file : after) {
                assertThat(FfmpegCli.countFrames(file)).as(file.toString()).isPositive();
            }
        }
    }

    private static CameraConfig config(RecordConfig record) {
        return new CameraConfig("door", SourceSpec.test(), new Size(1280, 720), 30, EncodeSettings.defaults(),
                CameraConfig.NO_LEGACY_PORT, record);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
