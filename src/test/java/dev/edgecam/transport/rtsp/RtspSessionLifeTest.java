package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.wire.rtp.H264Depacketizer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How sessions end (timeout), a slow TCP client that must not hold anyone back, and the allow-list. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RtspSessionLifeTest {

    private static void withShortSessions(RtspTestServer.BesideCamera test) throws Exception {
        RtspTestServer.beside(RtspOptions.of("127.0.0.1", 0).withSessionTimeout(Duration.ofSeconds(1)), test);
    }

    @Test
    void aSessionWithoutKeepAlivesTimesOutAndFreesItsViewer() throws Exception {
        withShortSessions((rtsp, camera, client) -> {
            RtspTestClient.Response play = client.playOverTcp("rtsp://127.0.0.1:" + rtsp.port() + "/cam0");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("session")).endsWith(";timeout=1");
            assertThat(camera.clients().count(TransportKind.RTSP)).isEqualTo(1);
            // The client reads its video and says nothing: no request, no RTCP.
            InputStream in = client.socket.getInputStream();
            byte[] sink = new byte[64 * 1024];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int read = 0;
            while (read >= 0 && System.nanoTime() < deadline) {
                read = in.read(sink);
            }
            assertThat(read).as("the server closed the connection of the session it ended").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> camera.clients().count(TransportKind.RTSP) == 0);
        });
    }

    @Test
    void aConnectionWithoutSessionIsClosedWhenIdleForTheSessionTimeout() throws Exception {
        withShortSessions((rtsp, camera, client) -> {
            assertThat(client.request("OPTIONS", "rtsp://127.0.0.1:" + rtsp.port() + "/cam0").status())
                    .isEqualTo(200);
            long start = System.nanoTime();
            assertThat(client.socket.getInputStream().read()).as("closed").isEqualTo(-1);
            assertThat(System.nanoTime() - start).as("after about the timeout")
                    .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(800));
        });
    }

    @Test
    void aSlowTcpClientSkipsToKeyframesWhileAFastOneGetsEveryFrame() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             RtspTestClient slow = new RtspTestClient(server.server.rtspPort(), 4096);
             RtspTestClient fast = new RtspTestClient(server.server.rtspPort())) {
            assertThat(slow.playOverTcp(server.url("cam0")).status()).isEqualTo(200);
            assertThat(fast.playOverTcp(server.url("cam0")).status()).isEqualTo(200);
            // The slow one reads nothing for 4 s; the fast one reads everything meanwhile.
            List<H264Depacketizer.AccessUnit> fastUnits = new ArrayList<>();
            H264Depacketizer fastDepacketizer = new H264Depacketizer(fastUnits::add);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until) {
                RtspTestClient.Interleaved packet = fast.interleaved();
                if (packet.channel() == 0) {
                    fastDepacketizer.accept(packet.packet(), 0, packet.packet().length);
                }
            }
            // About 4 s at 30 fps and the cached GOP: 150 on a quiet machine, fewer where a loaded one captures fewer.
            assertThat(fastUnits.size()).as("frames the fast client read in 4 s").isGreaterThanOrEqualTo(60);
            assertThat(fastDepacketizer.packetsLost()).as("the fast client lost nothing").isZero();
            ClientInfo slowInfo = server.server.clients("cam0").clients().stream()
                    .min((a, b) -> Long.compare(a.framesSent(), b.framesSent())).orElseThrow();

            // Reading again, the slow client gets a decodable stream: a keyframe after its gap, then on.
            List<H264Depacketizer.AccessUnit> slowUnits = new ArrayList<>();
            H264Depacketizer slowDepacketizer = new H264Depacketizer(slowUnits::add);
            AtomicInteger packets = new AtomicInteger();
            long resume = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (slowUnits.size() < 40 && System.nanoTime() < resume) {
                RtspTestClient.Interleaved packet = slow.interleaved();
                if (packet.channel() == 0) {
                    packets.incrementAndGet();
                    slowDepacketizer.accept(packet.packet(), 0, packet.packet().length);
                }
            }
            assertThat(slowUnits).as("frames after catching up").hasSizeGreaterThanOrEqualTo(40);
            assertThat(slowDepacketizer.packetsLost()).as("the frames it skipped are a gap in the sequence")
                    .isPositive();
            assertThat(slowInfo.framesSkipped()).as("counted once its write went through").isPositive();
        }
    }

    @Test
    void anAddressNotAllowedGetsNoAnswer() throws Exception {
        SecurityConfig onlyAnother = SecurityConfig.open().withAllow(AddressAllowList.parse("127.0.0.2/32"), null);
        try (RtspTestServer server = RtspTestServer.start(onlyAnother, "cam0");
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            client.send("OPTIONS", server.url("cam0"));
            int first;
            try {
                first = client.socket.getInputStream().read();
            } catch (IOException reset) {
                first = -1;
            }
            assertThat(first).as("closed without a byte").isEqualTo(-1);
            assertThat(server.server.clients("cam0").count()).isZero();
        }
    }
}
