package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.rtp.H264Depacketizer;
import dev.edgecam.wire.rtp.NalUnits;
import dev.edgecam.wire.rtp.Rtcp;
import dev.edgecam.wire.rtp.RtpClock;
import dev.edgecam.wire.rtp.RtpHeader;
import dev.edgecam.wire.rtp.Sdp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RTSP exchange at the byte level, with a plain socket client: statuses, headers, RTP and RTCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspProtocolTest {

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
    void optionsEchoesTheCseqAndListsTheMethods() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            client.request("OPTIONS", "*");
            RtspTestClient.Response options = client.request("OPTIONS", server.url("door"));
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("cseq")).isEqualTo("2");
            assertThat(options.header("public")).contains("DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN",
                    "GET_PARAMETER");
        }
    }

    @Test
    void anUnknownCameraIs404NamingTheCameras() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            RtspTestClient.Response missing = client.request("DESCRIBE", server.url("garage"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("[cam0, door]");
            assertThat(client.request("DESCRIBE", server.url("door/trackID=7")).status()).isEqualTo(404);
        }
    }

    @Test
    void describeGivesTheSdpWithTheParameterSetsOfTheStream() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            RtspTestClient.Response describe = client.request("DESCRIBE", server.url("door"));
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.header("content-type")).isEqualTo("application/sdp");
            assertThat(describe.header("content-base")).isEqualTo(server.url("door") + "/");
            assertThat(describe.body()).contains("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000",
                    "packetization-mode=1", "profile-level-id=42", "a=control:trackID=0");
            Sdp.H264Media media = Sdp.parseH264(describe.body());
            assertThat(media.sps()[0] & 0x1f).isEqualTo(NalUnits.TYPE_SPS);
            assertThat(media.pps()[0] & 0x1f).isEqualTo(NalUnits.TYPE_PPS);
        }
    }

    @Test
    void statusesForRequestsOutOfPlace() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            assertThat(client.request("PLAY", server.url("door")).status()).as("PLAY without SETUP").isEqualTo(454);
            assertThat(client.request("PLAY", server.url("door"), "Session: 0123456789ABCDEF").status())
                    .as("an unknown session").isEqualTo(454);
            assertThat(client.request("SETUP", server.url("door/trackID=0"), "Transport: RTP/SAVP;unicast")
                    .status()).as("a transport not served").isEqualTo(461);
            RtspTestClient.Response setup = client.request("SETUP", server.url("door/trackID=0"),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            String session = "Session: " + RtspTestClient.sessionId(setup);
            assertThat(client.request("SETUP", server.url("door/trackID=0"), session,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status()).as("a second SETUP").isEqualTo(459);
            assertThat(client.request("PLAY", server.url("cam0"), session).status()).as("another camera")
                    .isEqualTo(459);
            assertThat(client.request("RECORD", server.url("door"), session).status()).isEqualTo(405);
            assertThat(client.request("TEARDOWN", server.url("door"), session).status()).isEqualTo(200);
            assertThat(client.request("PLAY", server.url("door"), session).status()).as("after TEARDOWN")
                    .isEqualTo(454);
        }
    }

    @Test
    void tcpPlayStartsAtAKeyframeWithTheRtpInfoOfItsFirstPacketAndSenderReportsMapRtpToCaptureTime() throws Exception {
        GopHub hub = server.server.camera("door").h264Hub();
        Map<Integer, Long> captureBySlice = new ConcurrentHashMap<>();
        GopHub.Subscriber recorder = hub.subscribe(frame -> { });
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            RtspTestClient.Response play = client.playOverTcp(server.url("door"));
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("range")).isEqualTo("npt=now-");
            String rtpInfo = play.header("rtp-info");
            assertThat(rtpInfo).startsWith("url=" + server.url("door") + "/trackID=0;seq=");
            int seq = Integer.parseInt(rtpInfo.replaceAll(".*seq=(\\d+).*", "$1"));
            long rtptime = Long.parseLong(rtpInfo.replaceAll(".*rtptime=(\\d+).*", "$1"));

            List<H264Depacketizer.AccessUnit> units = new ArrayList<>();
            H264Depacketizer depacketizer = new H264Depacketizer(units::add);
            List<Rtcp.SenderInfo> reports = new ArrayList<>();
            boolean first = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((units.size() < 45 || reports.size() < 2) && System.nanoTime() < deadline) {
                for (Frame frame = recorder.next(); frame != null; frame = recorder.next()) {
                    captureBySlice.put(sliceKey(frame.bytes()), frame.captureEpochMicros());
                }
                RtspTestClient.Interleaved packet = client.interleaved();
                if (packet.channel() == 0) {
                    RtpHeader header = RtpHeader.read(packet.packet(), 0, packet.packet().length);
                    if (first) {
                        assertThat(header.sequence()).as("RTP-Info's seq is the first packet's").isEqualTo(seq);
                        assertThat(header.timestamp()).as("RTP-Info's rtptime is the first packet's").isEqualTo(rtptime);
                        first = false;
                    }
                    depacketizer.accept(packet.packet(), 0, packet.packet().length);
                } else {
                    reports.addAll(Rtcp.parse(packet.packet(), 0, packet.packet().length).senderInfos());
                }
            }
            assertThat(units).hasSizeGreaterThanOrEqualTo(45);
            assertThat(units.get(0).keyframe()).as("the first access unit is a keyframe").isTrue();
            assertThat(depacketizer.packetsLost()).isZero();
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            Rtcp.SenderInfo report = reports.get(reports.size() - 1);
            for (Frame frame = recorder.next(); frame != null; frame = recorder.next()) {
                captureBySlice.put(sliceKey(frame.bytes()), frame.captureEpochMicros());
            }
            int matched = 0;
            for (H264Depacketizer.AccessUnit unit : units) {
                Long captured = captureBySlice.get(sliceKey(unit.annexB()));
                if (captured != null) {
                    long mapped = RtpClock.epochMicros(unit.timestamp(), report.rtpTimestamp(), report.epochMicros());
                    assertThat(mapped).as("the SR's clock maps RTP time to capture time").isBetween(captured - 20,
                            captured + 20);
                    matched++;
                }
            }
            assertThat(matched).as("frames seen both in the hub and on the wire").isGreaterThan(20);
        } finally {
            recorder.close();
        }
    }

    /** The last NAL unit (a slice) of an access unit, which names it whatever start codes or delimiters surround it. */
    private static int sliceKey(byte[] accessUnit) {
        List<NalUnits.Nal> nals = NalUnits.split(accessUnit);
        return Arrays.hashCode(nals.get(nals.size() - 1).copy());
    }

    @Test
    void receiverReportsShowInStateAndTeardownFreesTheClient() throws Exception {
        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            client.request("DESCRIBE", server.url("door"));
            RtspTestClient.Response setup = client.request("SETUP", server.url("door/trackID=0"),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            long ssrc = Long.parseLong(setup.header("transport").replaceAll(".*ssrc=([0-9A-Fa-f]+).*", "$1"), 16);
            String session = "Session: " + RtspTestClient.sessionId(setup);
            assertThat(client.request("PLAY", server.url("door"), session).status()).isEqualTo(200);
            assertThat(server.server.clients("door").count(TransportKind.RTSP)).isEqualTo(1);
            client.sendInterleaved(1, Rtcp.receiverReport(0x1234, List.of(
                    new Rtcp.ReportBlock(0x1234, ssrc, 64, 7, 1000, 900, 0, 0)), "test"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode state = new ObjectMapper().readTree(get(server.stateUrl()));
                JsonNode door = null;
                for (JsonNode camera : state.get("cameras")) {
                    if (camera.get("id").asText().equals("door")) {
                        door = camera;
                    }
                }
                assertThat(door).isNotNull();
                JsonNode reception = door.at("/clients/0/reception");
                assertThat(door.at("/clients/0/transport").asText()).isEqualTo("rtsp");
                assertThat(reception.get("fractionLost").asDouble()).isEqualTo(0.25);
                assertThat(reception.get("cumulativeLost").asLong()).isEqualTo(7);
                assertThat(reception.get("jitterMillis").asDouble()).isEqualTo(10.0);
            });
            client.send("TEARDOWN", server.url("door"), session);
            RtspTestClient.Response teardown = client.response();
            assertThat(teardown.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.server.clients("door").count(TransportKind.RTSP) == 0);
            assertThat(server.server.camera("door").h264Hub().listenerCount()).as("nobody left to encode for").isZero();
        }
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
