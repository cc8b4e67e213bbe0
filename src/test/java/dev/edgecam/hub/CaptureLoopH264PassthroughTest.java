package dev.edgecam.hub;

import static dev.edgecam.hub.H264Viewers.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.FfmpegSource;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.Ffprobe;
import dev.edgecam.testing.GstRtspServer;
import dev.edgecam.testing.Pictures;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import java.nio.file.Path;
import java.time.Duration;
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
    private final H264Viewers viewers = new H264Viewers();

    @AfterEach
    void close() throws Exception {
        viewers.close();
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
        // A second, independent client of the same shared stream, reading before edgecam connects: what arrived, to
        // compare the hub's frames with. 300 packets (10 s) outlast the hub's frames below.
        Set<String> arrived = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readPackets(camera.url(), arrived, 300));
        await().atMost(Duration.ofSeconds(20)).until(() -> !arrived.isEmpty() || reading.isDone());
        FfmpegSource source = new FfmpegSource(SourceSpec.parse(camera.url()), new Size(320, 240), 30);
        source.open();
        assertThat(source.describe()).contains("H.264 passthrough");
        FrameHub jpegHub = new FrameHub();
        loop = new CaptureLoop(source, jpegHub, new PipelineStats(), EncodeSettings.defaults());
        loop.start("edgecam-capture-passthrough");
        GopHub.Subscriber viewer = viewers.subscribe(loop);

        List<Frame> frames = take(viewer, 60);
        reading.get(30, TimeUnit.SECONDS);

        H264Status status = loop.h264Status();
        assertThat(status.passthrough()).isTrue();
        assertThat(status.encoderOpens()).as("no encoder: nothing re-encoded").isZero();
        assertThat(status.decoderOpens()).as("no decoder while nobody watches JPEG").isZero();
        assertThat(frames.get(0).keyframe()).isTrue();
        // Byte for byte what the camera sent (frames between keyframes: a keyframe may carry SPS/PPS put back in front).
        // The comparison starts at the first frame the other client saw too (it joined first, but a loaded machine may
        // still deliver edgecam a frame before it); from there on every frame must be one it saw.
        List<Frame> between = frames.stream().filter(frame -> !frame.keyframe()).toList();
        int firstSeen = indexOfFirst(between, arrived);
        assertThat(firstSeen).as("a frame both clients saw").isNotNegative();
        List<Frame> compared = between.subList(firstSeen, between.size());
        assertThat(compared).as("frames seen by both clients").hasSizeGreaterThanOrEqualTo(15);
        long identical = compared.stream().filter(frame -> arrived.contains(hex(frame.bytes()))).count();
        assertThat(identical).as("of %d frames seen by both", compared.size()).isGreaterThanOrEqualTo(compared.size() - 2);
        Ffprobe.Probe probe = Ffprobe.h264File(H264Viewers.write(frames, dir.resolve("passthrough.h264")));
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

    /** Reads {@code count} packets of the camera's stream with FFmpeg, as any other RTSP client would. */
    private static void readPackets(String url, Set<String> arrived, int count) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.start();
            for (int i = 0; i < count; i++) {
                AVPacket packet = grabber.grabPacket();
                if (packet == null) {
                    return;
                }
                byte[] bytes = new byte[packet.size()];
                packet.data().capacity(packet.size()).get(bytes);
                arrived.add(hex(bytes));
                av_packet_unref(packet);
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading " + url + " failed", e);
        }
    }

    private static int indexOfFirst(List<Frame> frames, Set<String> arrived) {
        for (int i = 0; i < frames.size(); i++) {
            if (arrived.contains(hex(frames.get(i).bytes()))) {
                return i;
            }
        }
        return -1;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
