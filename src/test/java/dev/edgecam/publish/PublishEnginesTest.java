package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.camera.CameraMulticast;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.events.EventOutputs;
import dev.edgecam.frame.Size;
import dev.edgecam.motion.MotionConfig;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.MediaEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera publishes its H.264 to real media servers nobody here wrote, started by the test on loopback: GStreamer's
 * gst-rtsp-server in RECORD mode, nginx with the RTMP module and srt-live-transmit. Debian's ffmpeg reads each
 * server's stream back and decodes its frames; then the server is killed and started again on the same port, and
 * the camera connects again on its own (with backoff) and ffmpeg decodes the stream again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PublishEnginesTest {

    private static final int FRAMES = 20;
    private static final long READ_TIMEOUT_SECONDS = 40;

    @TempDir
    Path dir;

    @Test
    void pushesRtspToGstRtspServerInRecordModeAndSurvivesItsRestart() throws Exception {
        try (MediaEngine engine = MediaEngine.gstRtspRecord(dir)) {
            publishesAndSurvivesRestart(engine);
        }
    }

    @Test
    void logsInToAnRtspServerThatAsksAndSaysWhyAWrongPasswordFails() throws Exception {
        try (MediaEngine engine = MediaEngine.gstRtspRecord(dir, "cam", "right")) {
            String right = engine.publishUrl().replace("rtsp://", "rtsp://cam:right@");
            String wrong = engine.publishUrl().replace("rtsp://", "rtsp://intruder:wrong@");
            CameraConfig config = config(engine).withPublish(List.of(PublishTarget.parse(wrong),
                    PublishTarget.parse(right)));
            try (Camera camera = Camera.open(config, new TestPatternSource(new Size(320, 240), 15))) {
                Publisher refused = camera.publishers().all().get(0);
                Publisher admitted = camera.publishers().all().get(1);
                await().atMost(Duration.ofSeconds(30)).until(() -> admitted.status().connected()
                        && refused.status().errors() >= 1);
                assertThat(engine.decodedFrames(FRAMES, READ_TIMEOUT_SECONDS)).isEqualTo(FRAMES);
                assertThat(refused.status().lastError()).contains("401");
                assertThat(refused.status().connected()).isFalse();
                assertThat(admitted.status().errors()).isZero();
            }
        }
    }

    @Test
    void pushesRtmpToNginxAndSurvivesItsRestart() throws Exception {
        try (MediaEngine engine = MediaEngine.nginxRtmp(dir)) {
            publishesAndSurvivesRestart(engine);
        }
    }

    @Test
    void pushesSrtToSrtLiveTransmitAndSurvivesItsRestart() throws Exception {
        try (MediaEngine engine = MediaEngine.srtLiveTransmit(dir)) {
            publishesAndSurvivesRestart(engine);
        }
    }

    @Test
    void aNewPictureSizeStartsANewConnectionAtOnce() throws Exception {
        try (MediaEngine engine = MediaEngine.nginxRtmp(dir);
             Camera camera = Camera.open(config(engine), new TestPatternSource(new Size(320, 240), 15))) {
            Publisher publisher = camera.publishers().all().get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.status().frames() > 15);
            assertThat(engine.decodedFrames(5, READ_TIMEOUT_SECONDS)).isEqualTo(5);

            camera.updateSettings(new EncodeSettings(80, new Size(160, 120), 0));

            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.status().retries() == 0
                    && publisher.status().connected() && engine.decodedDimensions().equals("160x120"));
            assertThat(publisher.status().errors()).as("a new size is not a failure").isZero();
        }
    }

    private static CameraConfig config(MediaEngine engine) {
        return new CameraConfig("door", SourceSpec.test(), new Size(320, 240), 15,
                new EncodeSettings(80, null, 0), CameraConfig.NO_LEGACY_PORT,
                new H264Settings(H264EncoderName.AUTO, H264Settings.AUTO_BITRATE, 1), CameraMulticast.DEFAULT,
                RecordConfig.OFF, EventOutputs.NONE, MotionConfig.OFF, List.of(PublishTarget.parse(engine.publishUrl())));
    }

    private void publishesAndSurvivesRestart(MediaEngine engine) throws Exception {
        try (Camera camera = Camera.open(config(engine), new TestPatternSource(new Size(320, 240), 15))) {
            Publisher publisher = camera.publishers().all().get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.status().connected());
            assertThat(engine.decodedFrames(FRAMES, READ_TIMEOUT_SECONDS)).as("frames ffmpeg decoded from %s; its log:"
                    + "\n%s", engine.readUrl(), engine.log()).isEqualTo(FRAMES);
            PublishStatus before = publisher.status();
            assertThat(before.frames()).isPositive();
            assertThat(before.bytes()).isPositive();
            assertThat(camera.h264Hub().listenerCount()).as("the publisher is a subscriber of the H.264 hub").isEqualTo(1);

            engine.restart();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.status().errors() > before.errors()
                    && publisher.status().retries() > before.retries() && publisher.status().connected());
            assertThat(engine.decodedFrames(FRAMES, READ_TIMEOUT_SECONDS)).as("frames ffmpeg decoded after the restart"
                    + " of %s; its log:\n%s", engine.publishUrl(), engine.log()).isEqualTo(FRAMES);
            PublishStatus after = publisher.status();
            assertThat(after.url()).isEqualTo(engine.publishUrl());
            assertThat(after.lastError()).isNotBlank();
            assertThat(after.frames()).isGreaterThan(before.frames());
        }
    }
}
