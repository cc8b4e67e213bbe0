package dev.edgecam.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.H264ParameterSets;
import dev.edgecam.testing.BFrameVideo;
import dev.edgecam.testing.FfmpegCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network camera's H.264 with B-frames pushed to a media server over RTMP (Debian's ffmpeg listening, storing what
 * it receives in FLV as it came): every picture arrives with its presentation time, one frame after the one before,
 * and they are the camera's pictures in its order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublishBFramesTest {

    private static final int FRAMES = 75;

    @TempDir
    Path dir;

    @Test
    void bFramesArePushedWithTheirPresentationTimes() throws Exception {
        BFrameVideo video = BFrameVideo.make(dir, 20);
        List<Frame> frames = video.passedThrough(dir, FRAMES);
        assertThat(frames).hasSize(FRAMES);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path received = dir.resolve("received.flv");
        Process server = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-listen", "1", "-i",
                "rtmp://127.0.0.1:" + port + "/live/bframes", "-c", "copy", "-f", "flv", received.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            PublishTarget target = PublishTarget.parse("rtmp://127.0.0.1:" + port + "/live/bframes");
            try (PublishMuxer muxer = connect(target, H264ParameterSets.of(frames.get(0).bytes()))) {
                for (Frame frame : frames) {
                    muxer.write(frame);
                }
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the receiving ffmpeg ends with the stream").isTrue();
        } finally {
            server.destroyForcibly();
        }

        List<Double> shown = FfmpegCli.ffprobe("-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of",
                "csv=p=0", received.toString()).lines().filter(line -> !line.isBlank()).map(Double::parseDouble).toList();
        assertThat(shown).hasSize(FRAMES);
        for (int i = 1; i < shown.size(); i++) {
            assertThat(shown.get(i) - shown.get(i - 1)).as("presentation step before picture %d; all: %s", i, shown)
                    .isCloseTo(1.0 / BFrameVideo.FPS, org.assertj.core.data.Offset.offset(0.0015)); // FLV: milliseconds
        }
        List<String> pictures = BFrameVideo.framemd5(FfmpegCli.ffmpeg("-nostdin", "-v", "error", "-i",
                received.toString(), "-fps_mode", "passthrough", "-f", "framemd5", "-"));
        assertThat(video.runStart(pictures)).as("the camera's pictures in its order, none missing").isNotNegative();
    }

    /** Connects once the receiving ffmpeg listens: at most 40 tries, 250 ms apart. */
    private static PublishMuxer connect(PublishTarget target, H264ParameterSets params) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                return PublishMuxer.open(target, params, Duration.ofSeconds(10), () -> false);
            } catch (IOException refused) {
                last = refused;
                Thread.sleep(250);
            }
        }
        throw last;
    }
}
