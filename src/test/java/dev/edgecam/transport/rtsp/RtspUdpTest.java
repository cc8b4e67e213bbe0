package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.rtp.H264Depacketizer;
import dev.edgecam.wire.rtp.Rtcp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP unicast with a plain client: RTP to its RTP port, sender reports to its RTCP port, its receiver reports read. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspUdpTest {

    @Test
    void rtpAndSenderReportsArriveAndOnlyTheSessionsReceiverReportsCount() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            rtp.setSoTimeout(5000);
            rtcp.setSoTimeout(5000);
            client.request("DESCRIBE", server.url("cam0"));
            RtspTestClient.Response setup = client.request("SETUP", server.url("cam0/trackID=0"),
                    "Transport: RTP/AVP;unicast;client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort());
            assertThat(setup.status()).isEqualTo(200);
            String transport = setup.header("transport");
            assertThat(transport).contains("client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort(),
                    "server_port=");
            int serverRtcpPort = Integer.parseInt(transport.replaceAll(".*server_port=\\d+-(\\d+).*", "$1"));
            long ssrc = Long.parseLong(transport.replaceAll(".*ssrc=([0-9A-Fa-f]+).*", "$1"), 16);
            assertThat(client.request("PLAY", server.url("cam0"), "Session: " + RtspTestClient.sessionId(setup))
                    .status()).isEqualTo(200);

            List<H264Depacketizer.AccessUnit> units = new ArrayList<>();
            H264Depacketizer depacketizer = new H264Depacketizer(units::add);
            byte[] buffer = new byte[2048];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (units.size() < 30 && System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                rtp.receive(packet);
                assertThat(packet.getLength()).as("payload at most 1400 bytes").isLessThanOrEqualTo(1400 + 12);
                depacketizer.accept(packet.getData(), 0, packet.getLength());
            }
            assertThat(units).hasSizeGreaterThanOrEqualTo(30);
            assertThat(units.get(0).keyframe()).isTrue();

            DatagramPacket report = new DatagramPacket(buffer, buffer.length);
            rtcp.receive(report);
            Rtcp.Compound sr = Rtcp.parse(report.getData(), 0, report.getLength());
            assertThat(sr.senderInfos()).hasSize(1);
            assertThat(sr.senderInfos().get(0).ssrc()).isEqualTo(ssrc);

            InetSocketAddress serverRtcp = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverRtcpPort);
            byte[] strangerReport = Rtcp.receiverReport(9, List.of(new Rtcp.ReportBlock(9, ssrc, 255, 999, 0, 0, 0, 0)), "x");
            stranger.send(new DatagramPacket(strangerReport, strangerReport.length, serverRtcp));
            byte[] ownReport = Rtcp.receiverReport(8, List.of(new Rtcp.ReportBlock(8, ssrc, 0, 3, 0, 90, 0, 0)), "me");
            rtcp.send(new DatagramPacket(ownReport, ownReport.length, serverRtcp));
            ClientInfo viewer = server.server.clients("cam0").clients().get(0);
            assertThat(viewer.transport()).isEqualTo(TransportKind.RTSP);
            await().atMost(Duration.ofSeconds(5)).until(() -> viewer.reception() != null);
            assertThat(viewer.reception()).as("the session's own report, never the stranger's")
                    .isEqualTo(new ClientInfo.Reception(0, 3, 1.0));

            client.request("TEARDOWN", server.url("cam0"), "Session: " + RtspTestClient.sessionId(setup));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server.clients("cam0").count() == 0);
            drain(rtp);
        }
    }

    /** Packets on their way when TEARDOWN went; then silence. */
    private static void drain(DatagramSocket socket) throws Exception {
        socket.setSoTimeout(1500);
        byte[] buffer = new byte[2048];
        int after = 0;
        try {
            for (int i = 0; i < 10_000; i++) {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                after++;
            }
        } catch (SocketTimeoutException quiet) {
            assertThat(after).as("RTP stops after TEARDOWN").isLessThan(10_000);
        }
    }
}
