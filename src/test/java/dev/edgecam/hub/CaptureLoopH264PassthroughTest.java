package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.FfmpegSource;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.Ffprobe;
import dev.edgecam.testing.GstRtspServer;
import dev.edgecam.testing.Pictures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RTSP camera's H.264 (GStreamer's RTSP server, x264) passed through to the H.264 hub without re-encoding, and
 * decoded only while a JPEG viewer (a snapshot) watches.
 */
@Timeout(90)
class CaptureLoopH264PassthroughTest {

    @TempDir
    Path dir;

    private GstRtspServer camera;
    private CaptureLoop loop;
    private final List<GopHub.Subscriber> subscribers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        subscribers.forEach(GopHub.Subscriber::close);
        if (loop != null) {
            loop.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    @Test
    void anRtspCamerasH264IsServedAsItCameAndDecodedOnlyForJpegViewers() throws Exception {
        camera = GstRtspServer.x264(dir, 320, 240, 30);
        FfmpegSource source = new FfmpegSource(SourceSpec.parse(camera.url()), new Size(320, 240), 30);
        source.open();
        assertThat(source.describe()).contains("H.264 passthrough");
        FrameHub jpegHub = new FrameHub();
        loop = new CaptureLoop(source, jpegHub, new PipelineStats(), EncodeSettings.defaults());
        loop.start("edgecam-capture-passthrough");
        GopHub.Subscriber viewer = loop.renditions().h264().subscribe(frame -> { });
        subscribers.add(viewer);

        List<Frame> frames = take(viewer, 60);

        H264Status status = loop.h264Status();
        assertThat(status.passthrough()).isTrue();
        assertThat(status.encoderOpens()).as("no encoder: nothing re-encoded").isZero();
        assertThat(status.decoderOpens()).as("no decoder while nobody watches JPEG").isZero();
        assertThat(frames.get(0).keyframe()).isTrue();
        // x264 signs its keyframes with an SEI naming itself: an openh264 re-encode would not carry it.
        assertThat(new String(frames.get(0).bytes(), StandardCharsets.ISO_8859_1)).contains("x264 - core");
        Ffprobe.Probe probe = Ffprobe.h264File(write(frames));
        assertThat(probe.errors()).isEmpty();
        assertThat(probe.frames()).hasSize(60);

        List<Frame> jpegs = new CopyOnWriteArrayList<>();
        jpegHub.subscribe(jpegs::add); // a snapshot or MJPEG viewer
        await().atMost(Duration.ofSeconds(10)).until(() -> jpegs.size() >= 3);

        assertThat(Pictures.meanBgr(jpegs.get(2).jpeg())).as("a real picture decoded from the H.264").isNotNull();
        assertThat(jpegs.get(2).width()).isEqualTo(320);
        assertThat(loop.h264Status().decoderOpens()).isEqualTo(1);
        assertThat(loop.h264Status().encoderOpens()).isZero();
        take(viewer, 10); // H.264 viewers go on as before

        // The JPEG frame-rate cap thins the decoded pictures only: every access unit still goes to H.264 viewers.
        loop.updateSettings(EncodeSettings.defaults().withMaxFps(5));
        take(viewer, 15);
        int jpegsBefore = jpegs.size();
        take(viewer, 60); // 2 s of the camera's 30 fps
        assertThat(jpegs.size() - jpegsBefore).as("JPEGs in 2 s at a 5 fps cap").isBetween(6, 14);
    }

    private static List<Frame> take(GopHub.Subscriber subscriber, int count) throws InterruptedException {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (frames.size() < count && System.nanoTime() < deadline) {
            Frame frame = subscriber.next();
            if (frame == null) {
                Thread.sleep(5);
            } else {
                frames.add(frame);
            }
        }
        assertThat(frames).hasSize(count);
        return frames;
    }

    private Path write(List<Frame> frames) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            bytes.write(frame.bytes());
        }
        return Files.write(dir.resolve("passthrough.h264"), bytes.toByteArray());
    }
}
