package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.rtp.H264Depacketizer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP viewers handed from their own cursor to the camera's shared fan-out ({@link UdpFanout}) once caught up: a
 * viewer arriving while others are already served by the fan-out, and the first one after a second has left, still
 * start at a keyframe and get every packet once, in order (RTP sequence numbers consecutive: no packet lost or sent
 * twice at the hand-over), and a viewer leaving stops only its own stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspUdpFanoutTest {

    private static final int UNITS = 45;

    @Test
    void viewersJoiningAndLeavingTheFanoutGetEveryPacketOnceFromAKeyframe() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             Viewer first = new Viewer(server);
             Viewer second = new Viewer(server)) {
            first.play();
            first.receive(UNITS); // caught up by now: served by the fan-out
            second.play(); // bursts the cached GOP on its own cursor, then joins the fan-out
            second.receive(UNITS);
            first.receive(UNITS);
            second.teardown();
            first.receive(UNITS);
            try (Viewer third = new Viewer(server)) {
                third.play();
                third.receive(UNITS);
            }
            first.receive(UNITS);
        }
    }

    /** One UDP viewer: its own RTSP connection and RTP socket, checking each packet's sequence number. */
    private static final class Viewer implements AutoCloseable {
        private final RtspTestServer server;
        private final DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        private final DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        private final RtspTestClient client;
        private final List<H264Depacketizer.AccessUnit> units = new ArrayList<>();
        private final H264Depacketizer depacketizer = new H264Depacketizer(units::add);
        private String session;
        private int lastSequence = -1;

        Viewer(RtspTestServer server) throws Exception {
            this.server = server;
            this.client = new RtspTestClient(server.server.rtspPort());
            rtp.setReceiveBufferSize(4 << 20);
            rtp.setSoTimeout(5000);
        }

        void play() throws Exception {
            client.request("DESCRIBE", server.url("cam0"));
            RtspTestClient.Response setup = client.request("SETUP", server.url("cam0/trackID=0"),
                    "Transport: RTP/AVP;unicast;client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort());
            assertThat(setup.status()).isEqualTo(200);
            session = RtspTestClient.sessionId(setup);
            assertThat(client.request("PLAY", server.url("cam0"), "Session: " + session).status()).isEqualTo(200);
        }

        /** Receives {@code count} more access units, every packet's sequence number the one after the last. */
        void receive(int count) throws Exception {
            int want = units.size() + count;
            byte[] buffer = new byte[2048];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (units.size() < want && System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                rtp.receive(packet);
                int sequence = ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff);
                if (lastSequence >= 0) {
                    assertThat(sequence).as("the packet after %d", lastSequence).isEqualTo((lastSequence + 1) & 0xffff);
                }
                lastSequence = sequence;
                depacketizer.accept(packet.getData(), 0, packet.getLength());
            }
            assertThat(units).hasSizeGreaterThanOrEqualTo(want);
            assertThat(units.get(0).keyframe()).as("starts at a keyframe").isTrue();
        }

        void teardown() throws Exception {
            client.request("TEARDOWN", server.url("cam0"), "Session: " + session);
        }

        @Override
        public void close() throws Exception {
            client.close();
            rtp.close();
            rtcp.close();
        }
    }
}
