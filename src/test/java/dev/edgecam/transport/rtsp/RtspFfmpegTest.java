package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.ToolRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FFmpeg's own RTSP client (ffprobe, ffmpeg) reads and decodes the server's H.264 over TCP and UDP. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RtspFfmpegTest {

    private RtspTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = RtspTestServer.start("cam0", "door");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void ffprobeSeesH264AtTheCamerasSize(String transport) throws Exception {
        ToolRun probe = ToolRun.run(60, "ffprobe", "-v", "error", "-rtsp_transport", transport,
                "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,profile",
                "-of", "default=nw=1", server.url("door"));
        assertThat(probe.exitCode()).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=h264", "width=1280", "height=720");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void ffmpegDecodesSixtyFramesWithoutErrors(String transport) throws Exception {
        ToolRun decode = ToolRun.run(60, "ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", transport,
                "-i", server.url("stream"), "-frames:v", "60", "-f", "null", "-");
        assertThat(decode.exitCode()).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg's errors").isBlank();
    }

    /** Without a stand-in: the test pattern, encoded by the camera's H.264 encoder while RTSP watches it. */
    @org.junit.jupiter.api.Test
    void theEncodedTestPatternDecodes() throws Exception {
        try (dev.edgecam.server.EdgecamServer encoded = dev.edgecam.server.EdgecamServer.start(
                dev.edgecam.testing.TestServers.smallTestPattern("127.0.0.1").withRtspPort(0))) {
            ToolRun decode = ToolRun.run(60, "ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp",
                    "-i", "rtsp://127.0.0.1:" + encoded.rtspPort() + "/stream", "-frames:v", "20", "-f", "null", "-");
            assertThat(decode.exitCode()).as(decode.output()).isZero();
            assertThat(decode.output()).as("ffmpeg's errors").isBlank();
        }
    }
}
