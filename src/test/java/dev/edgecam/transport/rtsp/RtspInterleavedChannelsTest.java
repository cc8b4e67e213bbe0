package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.ToolRun;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TCP interleaved sessions get the channels their client asked for (RFC 2326 section 12.39): a raw client reads the
 * {@code $} framing bytes of what it is sent; two sessions on one connection get a pair each; FFmpeg still plays.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspInterleavedChannelsTest {

    private RtspTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = RtspTestServer.start("cam0", "door");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientAskingForChannelsTwoAndThreeGetsItsRtpOnTwoAndItsReportsOnThree() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            String session = setUp(client, "cam0", "interleaved=2-3", "interleaved=2-3");
            assertThat(client.request("PLAY", server.url("cam0"), "Session: " + session).status()).isEqualTo(200);
            Set<Integer> channels = channelsOf(client, 60);
            assertThat(channels).as("RTP on 2, a sender report on 3 within the first second's packets")
                    .contains(2).isSubsetOf(2, 3);
        }
    }

    @Test
    void aClientAskingForZeroAndOneStillGetsThem() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            String session = setUp(client, "cam0", "interleaved=0-1", "interleaved=0-1");
            client.request("PLAY", server.url("cam0"), "Session: " + session);
            assertThat(channelsOf(client, 40)).contains(0).isSubsetOf(0, 1);
        }
    }

    @Test
    void twoCamerasOnOneConnectionGetAPairEachAndAClashIsAnsweredWithAFreePair() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            String door = setUp(client, "door", "interleaved=4-5", "interleaved=4-5");
            String cam0 = setUp(client, "cam0", "interleaved=4-5", "interleaved=0-1"); // 4-5 is door's
            client.request("PLAY", server.url("door"), "Session: " + door);
            client.request("PLAY", server.url("cam0"), "Session: " + cam0);
            // Each session starts with its camera's cached GOP at once: read until both cameras' packets came.
            Set<Integer> channels = new HashSet<>();
            for (int i = 0; i < 40 && !channels.containsAll(Set.of(0, 4)); i++) {
                channels.addAll(channelsOf(client, 50));
            }
            assertThat(channels).as("both cameras' RTP, each on its own channel").contains(0, 4).isSubsetOf(0, 1, 4, 5);
        }
    }

    @Test
    void ffmpegPlaysOverTcp() throws Exception {
        ToolRun decode = ToolRun.run(45, "ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp",
                "-i", server.url("door"), "-frames:v", "30", "-f", "null", "-");
        assertThat(decode.exitCode()).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg's errors").isBlank();
    }

    /** DESCRIBE and SETUP of {@code camera} asking for {@code asked}; checks the answer says {@code answered}. */
    private String setUp(RtspTestClient client, String camera, String asked, String answered) throws IOException {
        RtspTestClient.Response describe = client.request("DESCRIBE", server.url(camera), "Accept: application/sdp");
        assertThat(describe.status()).isEqualTo(200);
        RtspTestClient.Response setup = client.request("SETUP", describe.header("content-base") + RtspTarget.TRACK_CONTROL,
                "Transport: RTP/AVP/TCP;unicast;" + asked);
        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.header("transport")).startsWith("RTP/AVP/TCP;unicast;" + answered + ";ssrc=");
        return RtspTestClient.sessionId(setup);
    }

    /** The channels of the next {@code count} interleaved packets, each checked to be a whole RTP or RTCP packet. */
    private static Set<Integer> channelsOf(RtspTestClient client, int count) throws IOException {
        Set<Integer> channels = new HashSet<>();
        for (int i = 0; i < count; i++) {
            RtspTestClient.Interleaved packet = client.interleaved();
            assertThat(packet.packet().length).isGreaterThanOrEqualTo(8);
            assertThat((packet.packet()[0] & 0xc0) >> 6).as("RTP/RTCP version 2").isEqualTo(2);
            boolean rtcp = (packet.packet()[1] & 0xff) >= 200 && (packet.packet()[1] & 0xff) <= 204;
            assertThat(packet.channel() % 2).as("channel %d for %s", packet.channel(), rtcp ? "RTCP" : "RTP")
                    .isEqualTo(rtcp ? 1 : 0);
            channels.add(packet.channel());
        }
        return channels;
    }
}
