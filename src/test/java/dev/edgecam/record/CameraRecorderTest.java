package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.FfmpegCli;
import dev.edgecam.testing.H264TestStream;
import dev.edgecam.testing.H264FileStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera recording continuously into real files, read back by Debian's ffmpeg/ffprobe: H.264 (a camera's own,
 * {@link H264FileStandIn}) stream-copied into MP4 segments whose boundaries fall on wall-clock multiples of the
 * segment length, every frame of the hub recorded across them; the test pattern through its H.264 encoder, which
 * the recorder's demand starts; and with codec mjpeg the JPEGs into Matroska.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraRecorderTest {

    @TempDir
    Path dir;

    @Test
    void anH264CameraIsStreamCopiedIntoSegmentsCutOnWallClockBoundaries() throws Exception {
        H264TestStream.accessUnits(); // made before the clock runs
        long segmentSeconds = 4;
        RecordConfig record = RecordConfig.continuous(dir).withSegment(Duration.ofSeconds(segmentSeconds));
        CameraConfig config = new CameraConfig("door", SourceSpec.test(), new Size(1280, 720), 30,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, record);
        long startedMillis = System.currentTimeMillis();
        long stoppedMillis;
        try (Camera camera = Camera.open(config, new H264FileStandIn())) {
            // Three boundaries at least: a partial first segment, two whole ones, and the one being written.
            await().atMost(Duration.ofSeconds(40)).alias("four segments; status " + camera.recording() + ", hub listeners "
                    + camera.h264Hub().listenerCount()).until(() -> segments().size() >= 4);
            RecordingStatus status = camera.recording();
            assertThat(status.state()).isEqualTo("recording");
            assertThat(status.codec()).isEqualTo("h264");
            assertThat(status.file()).endsWith(".mp4");
            assertThat(status.droppedGops()).isZero();
            assertThat(status.errors()).isZero();
            stoppedMillis = System.currentTimeMillis();
        }
        List<Path> files = segments();
        assertThat(files).allSatisfy(f -> assertThat(f.toString()).matches(
                ".*/door/\\d{4}-\\d{2}-\\d{2}/\\d{2}-\\d{2}-\\d{2}\\.mp4"));
        long frames = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            assertThat(FfmpegCli.decodeErrors(file)).as(file.toString()).isEmpty();
            assertThat(FfmpegCli.stream(file, "codec_name")).isEqualTo("h264");
            int count = FfmpegCli.countFrames(file);
            frames += count;
            if (i > 0) {
                // Cut at the first keyframe at or after a boundary: the clip has one a second.
                int second = Integer.parseInt(file.getFileName().toString().substring(6, 8));
                assertThat(second % segmentSeconds).as(file.getFileName().toString()).isLessThanOrEqualTo(1);
            }
            if (i > 0 && i < files.size() - 1) {
                assertThat(count / 30.0).as("whole segment " + file).isBetween(segmentSeconds - 1.05, segmentSeconds + 1.05);
            }
        }
        // Every frame from the first keyframe on, across the segments: none lost at a boundary.
        double seconds = (stoppedMillis - startedMillis) / 1000.0;
        assertThat(frames).isBetween((long) ((seconds - 2.5) * 30), (long) ((seconds + 0.5) * 30));
    }

    @Test
    void theTestPatternIsRecordedFromItsH264EncoderInAuto() throws Exception {
        CameraConfig config = new CameraConfig("gate", SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, RecordConfig.continuous(dir));
        try (Camera camera = Camera.open(config, new TestPatternSource(new Size(320, 240), 15))) {
            // The recorder's demand starts the camera's H.264 encoder (nobody else watches).
            await().atMost(Duration.ofSeconds(20)).until(() -> camera.recording().bytesWritten() > 5_000);
            assertThat(camera.recording().codec()).isEqualTo("h264");
            Thread.sleep(1500);
        }
        assertDecodes(segments(), ".mp4", "h264");
    }

    @Test
    void withCodecMjpegACameraRecordsItsJpegsIntoMatroska() throws Exception {
        RecordConfig record = RecordConfig.continuous(dir).withCodec(RecordCodec.MJPEG);
        CameraConfig config = new CameraConfig("yard", SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, record);
        try (Camera camera = Camera.open(config, new TestPatternSource(new Size(320, 240), 15))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> camera.recording().bytesWritten() > 20_000);
            assertThat(camera.recording().codec()).isEqualTo("mjpeg");
            Thread.sleep(1500);
        }
        assertDecodes(segments(), ".mkv", "mjpeg");
    }

    /** One segment, or two when a 5-minute boundary fell in the test; they decode and hold more than a second. */
    private static void assertDecodes(List<Path> files, String extension, String codec) throws Exception {
        assertThat(files).hasSizeBetween(1, 2);
        int frames = 0;
        for (Path file : files) {
            assertThat(file.toString()).endsWith(extension);
            assertThat(FfmpegCli.decodeErrors(file)).isEmpty();
            assertThat(FfmpegCli.stream(file, "codec_name")).isEqualTo(codec);
            frames += FfmpegCli.countFrames(file);
        }
        assertThat(frames).isGreaterThan(15);
    }

    private List<Path> segments() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
