package dev.edgecam.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server wires HTTP beside the legacy TCP port, on the same hub, and leaves it out when asked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgecamServerHttpTest {

    private static final ServerConfig SMALL = ServerConfig.testPatternOnLoopback().withSize(new Size(160, 120), 10);

    @Test
    void servesHttpOnAFreePortBesideTcp() throws Exception {
        try (EdgecamServer server = EdgecamServer.start(SMALL)) {
            assertThat(server.httpPort()).isPositive().isNotEqualTo(server.tcpPort());
            HttpResponse<String> state = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/state"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(state.body()).contains("\"description\" : \"test pattern 160x120 at 10 fps\"");
        }
    }

    /** {@code serve --read-only-settings} reaches the HTTP transport: a change gets 403. */
    @Test
    void readOnlySettingsRefuseChanges() throws Exception {
        try (EdgecamServer server = EdgecamServer.start(SMALL.withSettingsReadOnly(true))) {
            HttpResponse<String> refused = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/settings"))
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"quality\": 40}"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(server.camera().settings().quality()).isEqualTo(SMALL.encode().quality());
        }
    }

    @Test
    void httpOffServesNoHttp() throws Exception {
        try (EdgecamServer server = EdgecamServer.start(SMALL.withHttpPort(ServerConfig.HTTP_OFF))) {
            assertThat(server.httpPort()).isEqualTo(-1);
            try (Socket tcp = new Socket("127.0.0.1", server.tcpPort())) {
                assertThat(tcp.isConnected()).isTrue();
            }
        }
    }

    @Test
    void theHttpPortIsReleasedOnClose() throws Exception {
        int port;
        try (EdgecamServer server = EdgecamServer.start(SMALL)) {
            port = server.httpPort();
        }
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            throw new AssertionError("port " + port + " still accepts connections after close");
        } catch (ConnectException expected) {
            assertThat(expected).hasMessageContaining("refused");
        }
    }
}
