package dev.edgecam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Size;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.testing.LegacyTestClient;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgecamServerTest {

    private static final ServerConfig CONFIG = ServerConfig.testPatternOnLoopback().withSize(new Size(320, 240), 20);

    @Test
    void encodesNothingWhileNobodyWatchesAndStartsWhenSomeoneDoes() throws Exception {
        try (EdgecamServer server = EdgecamServer.start(CONFIG)) {
            PipelineStats stats = server.stats();
            await().atMost(5, TimeUnit.SECONDS).until(() -> stats.captured.sum() >= 10);
            assertThat(stats.encoded.sum()).as("encoded with nobody connected").isZero();

            try (LegacyTestClient client = LegacyTestClient.connect(server.tcpPort())) {
                await().atMost(5, TimeUnit.SECONDS).until(() -> server.clients().count() == 1);
                long captured = stats.captured.sum();
                await().atMost(5, TimeUnit.SECONDS).until(() -> stats.captured.sum() >= captured + 10);
                assertThat(stats.encoded.sum()).as("encoded with a client connected but not asking").isZero();
                assertThat(stats.published.sum()).isZero();

                client.send("3");
                client.readFrame(Duration.ofSeconds(5));
                await().atMost(5, TimeUnit.SECONDS).until(() -> stats.encoded.sum() >= 10);

                client.send("q");
                client.drain(Duration.ofMillis(500), 1_000);
                long encodedAfterStop = stats.encoded.sum();
                long capturedAfterStop = stats.captured.sum();
                await().atMost(5, TimeUnit.SECONDS).until(() -> stats.captured.sum() >= capturedAfterStop + 10);
                assertThat(stats.encoded.sum()).as("encoded after the stream stopped").isEqualTo(encodedAfterStop);
                assertThat(stats.published.sum()).isEqualTo(stats.encoded.sum());
            }
        }
    }

    @Test
    void closeEndsEverySessionStopsListeningAndIsIdempotent() throws Exception {
        EdgecamServer server = EdgecamServer.start(CONFIG);
        int port = server.tcpPort();
        try (LegacyTestClient client = LegacyTestClient.connect(port)) {
            client.send("3");
            client.readFrame(Duration.ofSeconds(5));

            server.close();
            server.close();

            client.drain(Duration.ofSeconds(2), 1_000);
            client.assertClosedByServer(Duration.ofSeconds(5));
            assertThat(server.hub().hasDemand()).isFalse();
            assertThatThrownBy(() -> LegacyTestClient.connect(port).close()).isInstanceOf(ConnectException.class);
        }
    }
}
