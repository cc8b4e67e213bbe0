package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.rtp.RtpHeader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PAUSE stops a session's packets; PLAY resumes them. Both PLAYs find no keyframe cached (nobody else watches, so the
 * hub kept none) and still say in RTP-Info where the packets start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspPauseTest {

    @Test
    void pauseStopsThePacketsAndPlayResumesThem() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            RtspTestClient.Response play = client.playOverTcp(server.url("cam0"));
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("rtp-info")).as("the camera's first viewer, no keyframe cached")
                    .contains("seq=", "rtptime=");
            String session = "Session: " + RtspTestClient.sessionId(play);
            RtspTestClient.Interleaved first = client.interleaved();
            while (first.channel() != 0) { // a sender report goes first
                first = client.interleaved();
            }
            assertThat(play.header("rtp-info")).contains(";seq=" + RtpHeader.read(first.packet(), 0,
                    first.packet().length).sequence() + ";");
            for (int i = 0; i < 20; i++) {
                client.interleaved();
            }

            assertThat(client.request("PAUSE", server.url("cam0"), session).status()).isEqualTo(200);
            client.pending.clear();
            client.socket.setSoTimeout(300);
            drain(client); // what was in flight when PAUSE came
            client.socket.setSoTimeout(1_500);
            assertThat(nextPacketOrNull(client)).as("a packet 1.5 s into the pause").isNull();

            client.socket.setSoTimeout(10_000);
            RtspTestClient.Response resumed = client.request("PLAY", server.url("cam0"), session);
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.header("rtp-info")).contains("seq=", "rtptime=");
            RtspTestClient.Interleaved next = nextPacketOrNull(client);
            assertThat(next).as("packets again after PLAY").isNotNull();
        }
    }

    private static void drain(RtspTestClient client) throws IOException {
        for (int i = 0; i < 10_000 && nextPacketOrNull(client) != null; i++) {
            // discard
        }
    }

    private static RtspTestClient.Interleaved nextPacketOrNull(RtspTestClient client) throws IOException {
        try {
            return client.interleaved();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
