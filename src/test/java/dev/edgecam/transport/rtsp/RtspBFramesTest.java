package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.BFrameVideo;
import dev.edgecam.testing.GstRtspServer;
import dev.edgecam.testing.TestServers;
import dev.edgecam.testing.ToolRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network camera whose H.264 has B-frames (GStreamer's RTSP server playing x264 with 2 B-frames), passed through
 * and served over RTSP: FFmpeg's own client sees the pictures at their presentation times (RFC 6184 section 5.1), in
 * display order and one frame interval apart, decodes them without an error, and they are the file's pictures in the
 * file's order, bit for bit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspBFramesTest {

    @TempDir
    Path dir;

    @Test
    void bFramesOfAPassedThroughCameraKeepTheirPresentationTimesAndOrder() throws Exception {
        BFrameVideo video = BFrameVideo.make(dir, 30);
        try (GstRtspServer camera = video.serve(dir);
             EdgecamServer server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withRtspPort(0),
                     List.of(new CameraConfig("cam", SourceSpec.parse(camera.url()), new Size(BFrameVideo.WIDTH,
                             BFrameVideo.HEIGHT), BFrameVideo.FPS, EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT)),
                     SecurityConfig.open())) {
            String url = "rtsp://127.0.0.1:" + server.rtspPort() + "/cam";

            assertThat(rtpPresentationSteps(server.rtspPort(), 60)).as("steps between the RTP timestamps in display"
                    + " order: the pictures' presentation times (RFC 6184 5.1), each one frame after the one before")
                    .allSatisfy(step -> assertThat(step).isBetween(BFrameVideo.FRAME_TICKS - 20L, BFrameVideo.FRAME_TICKS + 20L));

            ToolRun probe = ToolRun.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0",
                    "-show_entries", "frame=pts,pict_type", "-of", "csv=p=0", "-read_intervals", "%+#100", url);
            assertThat(probe.exitCode()).as(probe.output()).isZero();
            List<String> lines = probe.output().lines().filter(line -> line.matches("(-?\\d+|N/A),[IPB].*")).toList();
            assertThat(lines).as(probe.output()).hasSizeGreaterThanOrEqualTo(80);
            assertThat(lines).as("the camera's B-frames, passed through").anyMatch(line -> line.contains(",B"));
            // FFmpeg's RTSP client knows no time for the first packet it reads (N/A) and guesses those of the pictures
            // reordered around it (the same with GStreamer's server itself): checked from the second keyframe on.
            int secondKeyframe = indexOfKeyframeAfter(lines, 0);
            assertThat(secondKeyframe).as(probe.output()).isPositive().isLessThan(lines.size() - 40);
            List<String> checked = lines.subList(secondKeyframe, lines.size());
            for (int i = 1; i < checked.size(); i++) {
                long step = pts(checked.get(i)) - pts(checked.get(i - 1));
                assertThat(step).as("ffprobe's presentation step before %s, in 90 kHz ticks; all: %s", checked.get(i),
                        probe.output()).isBetween(BFrameVideo.FRAME_TICKS - 20L, BFrameVideo.FRAME_TICKS + 20L);
            }

            Path decoded = dir.resolve("decoded.framemd5");
            ToolRun decode = ToolRun.run(60, "ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", url,
                    "-frames:v", "75", "-fps_mode", "passthrough", "-f", "framemd5", decoded.toString());
            assertThat(decode.exitCode()).as(decode.output()).isZero();
            assertThat(decode.output()).as("ffmpeg's errors").isBlank();
            List<String> pictures = BFrameVideo.framemd5(java.nio.file.Files.readString(decoded));
            assertThat(pictures).hasSize(75);
            assertThat(video.runStart(pictures)).as("75 pictures of the file, in its order, none missing").isNotNegative();
        }
    }

    private static int indexOfKeyframeAfter(List<String> lines, int from) {
        for (int i = from + 1; i < lines.size(); i++) {
            if (lines.get(i).endsWith(",I") || lines.get(i).contains(",I,")) {
                return i;
            }
        }
        return -1;
    }

    private static long pts(String line) {
        return Long.parseLong(line.split(",")[0]);
    }

    /**
     * A raw client's view of what is sent: the RTP timestamps of {@code frames} access units (from the keyframe PLAY
     * starts at), checked not to be in decode order, sorted into display order; the steps between them.
     */
    private static List<Long> rtpPresentationSteps(int port, int frames) throws java.io.IOException {
        List<Long> timestamps = new ArrayList<>();
        try (RtspTestClient client = new RtspTestClient(port)) {
            assertThat(client.playOverTcp("rtsp://127.0.0.1:" + port + "/cam").status()).isEqualTo(200);
            while (timestamps.size() < frames) {
                RtspTestClient.Interleaved packet = client.interleaved();
                if (packet.channel() == 0 && (packet.packet()[1] & 0x80) != 0) { // marker: an access unit's last packet
                    timestamps.add(dev.edgecam.wire.rtp.RtpHeader.read(packet.packet(), 0, packet.packet().length)
                            .timestamp());
                }
            }
        }
        long wentBack = java.util.stream.IntStream.range(1, timestamps.size())
                .filter(i -> timestamps.get(i) < timestamps.get(i - 1)).count();
        assertThat(wentBack).as("B-frames, sent after the P-frame shown after them, have earlier timestamps: %s",
                timestamps).isPositive();
        // The last few may still wait for pictures shown before them (B-frames come after the P-frame they follow).
        List<Long> shown = timestamps.stream().sorted().toList().subList(0, frames - 4);
        List<Long> steps = new ArrayList<>();
        for (int i = 1; i < shown.size(); i++) {
            steps.add(shown.get(i) - shown.get(i - 1));
        }
        return steps;
    }
}
