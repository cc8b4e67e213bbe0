package dev.edgecam.hub;

import static dev.edgecam.hub.H264Viewers.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.RepeatingPacketSource;
import dev.edgecam.testing.TestJpegs;
import dev.edgecam.testing.Ffprobe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The capture loop's H.264 rendition, encoded with FFmpeg's openh264 from the test pattern and read by ffprobe. */
@Timeout(120)
class CaptureLoopH264Test {

    private final FrameHub jpegHub = new FrameHub();
    private final H264Viewers viewers = new H264Viewers();
    private CaptureLoop loop;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        viewers.close();
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void nothingIsEncodedWhileNobodyWatchesH264() throws Exception {
        start(new Size(160, 120), 30, H264Settings.defaults());
        Set<Long> jpegSequences = ConcurrentHashMap.newKeySet();
        jpegHub.subscribe(frame -> jpegSequences.add(frame.sequence()));

        await().atMost(Duration.ofSeconds(10)).until(() -> jpegSequences.size() >= 15);

        H264Status status = loop.h264Status();
        assertThat(status.encoderOpens()).as("encoder never opened").isZero();
        assertThat(status.open()).isFalse();
        assertThat(status.framesEncoded()).isZero();
        assertThat(loop.renditions().h264().retainedFrames()).isZero();
    }

    @Test
    void encodesOnceForEveryViewerADecodableStreamWithTheJpegSequenceNumbers() throws Exception {
        start(new Size(320, 240), 30, H264Settings.defaults().withEncoder(H264EncoderName.OPENH264));
        Set<Long> jpegSequences = ConcurrentHashMap.newKeySet();
        jpegHub.subscribe(frame -> jpegSequences.add(frame.sequence()));
        GopHub.Subscriber first = subscribe();
        GopHub.Subscriber second = subscribe();

        List<Frame> frames = new ArrayList<>();
        List<Frame> other = new ArrayList<>();
        for (int round = 0; round < 90; round++) { // both read as they go: a viewer that lags a GOP skips ahead
            frames.addAll(take(first, 1));
            other.addAll(take(second, 1));
        }

        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames).allMatch(f -> f.codec() == Codec.H264 && f.width() == 320 && f.height() == 240);
        assertThat(other).as("the same frames, encoded once, for both viewers").containsExactlyElementsOf(frames);
        assertThat(frames.stream().map(Frame::sequence).toList()).as("numbered with the JPEG frames of each capture")
                .isSubsetOf(jpegSequences);
        assertThat(loop.h264Status().encoderOpens()).isEqualTo(1);
        assertThat(loop.h264Status().encoder()).isEqualTo("libopenh264");

        Ffprobe.Probe probe = Ffprobe.h264File(write(frames));
        assertThat(probe.errors()).isEmpty();
        assertThat(probe.frames()).hasSize(90);
        assertThat(probe.profile()).isEqualTo("Constrained Baseline");
        // a keyframe every 2 s at the source's 30 fps
        assertThat(keyframeIndexes(frames)).startsWith(0, 60);
    }

    @Test
    void whileTheSourceIsOfflineH264ViewersGetTheNoSignalPictureEncodedAndVideoWhenItIsBack() throws Exception {
        FailOnCommandSource camera = new FailOnCommandSource(new Size(320, 240), 30);
        camera.open();
        loop = new CaptureLoop(camera, jpegHub, new PipelineStats(), EncodeSettings.defaults());
        loop.start("edgecam-capture-h264test");
        GopHub.Subscriber viewer = subscribe();
        List<Frame> live = take(viewer, 10);

        camera.unplug();
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.status().online());
        List<Frame> all = new ArrayList<>(live);
        for (Frame frame = viewer.next(); frame != null; frame = viewer.next()) {
            all.add(frame); // published before the source failed
        }
        List<Frame> offline = take(viewer, 3); // 1.5 s of "no signal" at 2 frames a second
        camera.plugIn();
        List<Frame> back = take(viewer, 10);

        assertThat(offline).as("'no signal' frames in the same stream").hasSize(3);
        assertThat(offline.get(2).captureNanos() - offline.get(0).captureNanos()).as("twice a second")
                .isGreaterThan(Duration.ofMillis(700).toNanos());
        all.addAll(offline);
        all.addAll(back);
        assertThat(all.stream().map(Frame::sequence).toList()).isSorted();
        assertThat(Ffprobe.h264File(write(all)).errors()).as("the whole stream decodes across the outage").isEmpty();
    }

    @Test
    void anMjpegCamerasJpegsAreDecodedAndEncodedForH264Viewers() throws Exception {
        byte[] jpeg = TestJpegs.quadrants(64, 48, 1);
        FrameSource camera = new RepeatingPacketSource(Codec.JPEG, true, jpeg); // an MJPEG camera
        loop = new CaptureLoop(camera, jpegHub, new PipelineStats(), EncodeSettings.defaults());
        loop.start("edgecam-capture-h264test");

        List<Frame> frames = take(subscribe(), 12);

        assertThat(frames).allMatch(frame -> frame.codec() == Codec.H264 && frame.width() == 64);
        assertThat(loop.h264Status().encoder()).isEqualTo("libopenh264");
        Ffprobe.Probe probe = Ffprobe.h264File(write(frames));
        assertThat(probe.errors()).isEmpty();
        assertThat(probe.frames()).hasSize(12);
    }

    @Test
    void aFrameRateCapIsTheRateTheEncoderWorksForSoKeyframesStayTwoSecondsApart() throws Exception {
        start(new Size(160, 120), 30, H264Settings.defaults());
        loop.updateSettings(EncodeSettings.defaults().withMaxFps(10));

        List<Frame> frames = take(subscribe(), 45);

        assertThat(keyframeIndexes(frames)).as("2 s at the capped 10 fps").startsWith(0, 20, 40);
        assertThat(frames.get(44).captureNanos() - frames.get(0).captureNanos())
                .as("about 10 frames a second of capture time").isGreaterThan(Duration.ofMillis(3_500).toNanos());
        assertThat(Ffprobe.h264File(write(frames)).errors()).isEmpty();
    }

    @Test
    void aViewerJoiningMidGopStartsAtOnceFromTheCachedKeyframeWithoutForcingOne() throws Exception {
        start(new Size(160, 120), 30, H264Settings.defaults().withKeyframeInterval(10));
        take(subscribe(), 45); // 1.5 s into a 10 s GOP

        long joined = System.nanoTime();
        GopHub.Subscriber late = subscribe();
        Frame firstFrame = late.next();

        assertThat(firstFrame).as("a frame at once, no wait for the encoder").isNotNull();
        assertThat(firstFrame.keyframe()).isTrue();
        assertThat(System.nanoTime() - joined).isLessThan(Duration.ofSeconds(1).toNanos());
        List<Frame> rest = take(late, 30);
        assertThat(Ffprobe.h264File(write(concat(firstFrame, rest))).errors()).isEmpty();
        assertThat(loop.h264Status().keyframesForced()).isZero();
    }

    @Test
    void whenTheGopOutgrowsTheCacheAKeyframeIsForcedAtMostOncePerSecond() throws Exception {
        // 240 fps with a 60 s interval: the 300-frame cache overflows every 1.25 s, and nobody new could start.
        start(new Size(96, 64), 240, H264Settings.defaults().withKeyframeInterval(60));
        GopHub.Subscriber viewer = subscribe();
        List<Long> keyframeNanos = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            Frame frame = viewer.next();
            if (frame == null) {
                Thread.sleep(2);
            } else if (frame.keyframe()) {
                keyframeNanos.add(System.nanoTime());
            }
        }

        assertThat(loop.h264Status().keyframesForced()).isBetween(2L, 5L);
        for (int i = 1; i < keyframeNanos.size(); i++) {
            // a little slack: the test reads the frames a few ms after they were made
            assertThat(keyframeNanos.get(i) - keyframeNanos.get(i - 1)).isGreaterThan(Duration.ofMillis(900).toNanos());
        }
    }

    @Test
    void theEncoderClosesWhenNobodyHasWatchedForTenSeconds() throws Exception {
        start(new Size(160, 120), 30, H264Settings.defaults());
        GopHub.Subscriber viewer = subscribe();
        take(viewer, 10);
        assertThat(loop.h264Status().open()).isTrue();

        long viewerClosedAt = take(viewer, 1).get(0).sequence();
        viewer.close();
        await().atMost(Duration.ofSeconds(9)).pollDelay(Duration.ofSeconds(8)).until(() -> loop.h264Status().open());
        await().atMost(Duration.ofSeconds(6)).until(() -> !loop.h264Status().open());

        List<Frame> again = take(subscribe(), 5);
        assertThat(loop.h264Status().encoderOpens()).as("opened again for the next viewer").isEqualTo(2);
        assertThat(again.get(0).sequence()).as("a new keyframe, not the cached pictures of 10 s ago")
                .isGreaterThan(viewerClosedAt);
    }

    private void start(Size size, double fps, H264Settings h264) {
        TestPatternSource source = new TestPatternSource(size, fps);
        source.open();
        loop = new CaptureLoop(source, jpegHub, new PipelineStats(), EncodeSettings.defaults());
        loop.updateH264Settings(h264);
        loop.start("edgecam-capture-h264test");
    }

    private GopHub.Subscriber subscribe() {
        return viewers.subscribe(loop);
    }

    private static List<Frame> concat(Frame first, List<Frame> rest) {
        List<Frame> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static List<Integer> keyframeIndexes(List<Frame> frames) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).keyframe()) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private Path write(List<Frame> frames) throws Exception {
        return H264Viewers.write(frames, Files.createTempFile(dir, "hub", ".h264"));
    }
}
