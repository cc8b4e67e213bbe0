package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.H264FileStandIn;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.TransportKind;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RTSP server inside the whole server: a reload that stops a camera, and a port already in use. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspServerWiringTest {

    @Test
    void aReloadThatStopsACameraEndsItsSessionsAndItsUrlIs404() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0", "door");
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            assertThat(client.playOverTcp(server.url("door")).status()).isEqualTo(200);
            var doorClients = server.server.clients("door");
            assertThat(doorClients.count(TransportKind.RTSP)).isEqualTo(1);
            server.server.apply(List.of(server.server.camera("cam0").config()));
            await().atMost(Duration.ofSeconds(5)).until(() -> doorClients.count(TransportKind.RTSP) == 0);
            RtspTestClient.Response gone = client.request("DESCRIBE", server.url("door"));
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.body()).contains("[cam0]");
        }
    }

    @Test
    void aBusyRtspPortStopsTheStartNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            var config = TestServers.smallTestPattern("127.0.0.1").withRtspPort(taken.getLocalPort());
            assertThatThrownBy(() -> EdgecamServer.start(config, List.of(config.camera()), SecurityConfig.open(),
                    Map.of(config.camera().id(), new H264FileStandIn())).close())
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("--rtsp-port");
        }
    }
}
