package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.ToolRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RTSP clients with stacks of their own read and decode the server's H.264: GStreamer's rtspsrc (not FFmpeg) over
 * UDP and TCP, and OpenCV's VideoCapture (Debian's python3-opencv).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspIndependentClientsTest {

    private RtspTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = RtspTestServer.start("cam0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void gstreamerDecodesSixtyFrames(String protocol) throws Exception {
        ToolRun gst = ToolRun.run(60, "gst-launch-1.0", "-q", "rtspsrc", "location=" + server.url("cam0"),
                "protocols=" + protocol, "latency=100", "!", "rtph264depay", "!", "avdec_h264", "!",
                "fakesink", "num-buffers=60");
        assertThat(gst.exitCode()).as(gst.output()).isZero();
        assertThat(gst.output()).doesNotContainIgnoringCase("error");
    }

    @Test
    void openCvReadsFrames() throws Exception {
        String script = """
                import sys, cv2
                cap = cv2.VideoCapture(sys.argv[1], cv2.CAP_FFMPEG)
                read = 0
                for _ in range(200):
                    ok, frame = cap.read()
                    if ok:
                        read += 1
                        shape = frame.shape
                    if read == 30:
                        break
                print("read", read, shape if read else None)
                sys.exit(0 if read == 30 else 1)
                """;
        ToolRun python = ToolRun.run(60, "/usr/bin/python3", "-c", script, server.url("stream"));
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output()).contains("read 30 (720, 1280, 3)");
    }
}
