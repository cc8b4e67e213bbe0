package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.GstRtspServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code edgecam bench rtsp://…} against GStreamer's gst-rtsp-server (a live 320x240 openh264 stream, shared). The
 * picture is small because this checks the figures, not speed: at 720p a loaded CI machine once had GStreamer deliver
 * no frame within the bench's 10 s wait for three viewers arriving at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspBenchTest {

    private static final String SMALL_BALL = "( videotestsrc is-live=true pattern=ball ! "
            + "video/x-raw,width=320,height=240,framerate=30/1 ! openh264enc bitrate=300000 gop-size=30 ! "
            + "h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void threeViewersEachGetEveryFrameAndTheFiguresOfRtp(String transport) throws Exception {
        for (int attempt = 1; ; attempt++) {
            // One pipeline per viewer: gst-rtsp-server 1.22's shared media is where its bugs are (below).
            try (GstRtspServer server = GstRtspServer.start(dir, SMALL_BALL, false, null, null)) {
                CommandRun run = new CommandRun();
                int exit = run.execute("bench", server.url(), "--rtsp-transport", transport, "--clients", "3",
                        "--duration", "3s", "--warmup", "1s", "--connect-timeout", "30s",
                        "--server-pid", Long.toString(server.pid()), "--json");
                // gst-rtsp-server 1.22 sometimes aborts when clients of a shared media arrive together (an assertion
                // in gst_rtsp_media_get_rates, GStreamer's bug, not the bench's), and once (shared, in a full CI run)
                // sent no frame to any of the three in 30 s, logging nothing: one more try with a fresh server. A
                // bench that really gets nothing fails the second time too.
                if (exit != 0 && attempt == 1 && (server.log().contains("gst_rtsp_media_get_rates")
                        || run.err().contains("no client received a frame"))) {
                    continue;
                }
                assertThat(exit).as(run.err() + "\ngst-rtsp-server's log:\n" + server.log()).isZero();
                checkReport(run, transport);
                return;
            }
        }
    }

    private static void checkReport(CommandRun run, String transport) throws Exception {
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("failures").size()).as(run.out()).isZero();
        JsonNode group = report.get("groups").get(0);
        assertThat(group.get("transport").asText()).isEqualTo("rtsp/" + transport);
        assertThat(group.get("receiving").asInt()).isEqualTo(3);
        // 30 fps live; a loaded machine may deliver a little less to every viewer, never nothing.
        assertThat(group.get("fps").get("min").asDouble()).as(run.out()).isGreaterThan(20.0);
        assertThat(group.get("lostPackets").asLong()).as("loopback loses nothing").isZero();
        assertThat(group.get("firstKeyframeMillis").get("max").asDouble()).as("a keyframe came after PLAY")
                .isPositive().isLessThan(10_000.0);
        // gst-rtsp-server's sender reports carry its own clock: a latency is there and not negative, or every
        // frame is counted as unmapped; which one depends on GStreamer's clock, not on edgecam.
        JsonNode p50 = group.get("latencyMillis").get("p50");
        assertThat(p50.isNull() ? group.get("unmappedLatencies").asLong() : p50.asDouble()).as(run.out())
                .satisfies(value -> assertThat(value.doubleValue()).isPositive());
        assertThat(report.get("server").get("total").get("percentOfCore").isNull()).isFalse();
    }
}
