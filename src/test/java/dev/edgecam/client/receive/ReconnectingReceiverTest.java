package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.testing.ServedFrames;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconnectingReceiverTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ReconnectingReceiver.Listener recording = new ReconnectingReceiver.Listener() {
        @Override
        public void connectionLost(String reason, Duration wait, int attempt) {
            events.add("lost " + attempt + ": " + reason);
        }

        @Override
        public void reconnected(String server, int attempts) {
            events.add("back after " + attempts);
        }
    };

    @Test
    void framesContinueAfterTheServerRestartsOnTheSamePort() throws Exception {
        ServedFrames first = ServedFrames.start(320, 240, 30, 0);
        int port = first.port();
        ServedFrames second = null;
        LegacyEndpoint endpoint = new LegacyEndpoint("127.0.0.1", port, ClientOptions.defaults());
        try (ReconnectingReceiver receiver = ReconnectingReceiver.open(endpoint, Duration.ofSeconds(30), recording)) {
            assertThat(first.served(receiver.next().jpeg())).isTrue();
            first.close();
            // Frames already on the wire before the stop may still come; wait for one after the restart.
            CompletableFuture<ReceivedFrame> afterRestart = readUntil(receiver, () -> !events.isEmpty());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !events.isEmpty());
            second = ServedFrames.start(320, 240, 30, port);
            ReceivedFrame frame = afterRestart.get(30, TimeUnit.SECONDS);
            assertThat(second.served(frame.jpeg())).isTrue();
            assertThat(events.get(0)).startsWith("lost 1: ");
            assertThat(events.get(events.size() - 1)).startsWith("back after ");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aWrongAddressFailsAtOnceInsteadOfRetrying() throws Exception {
        int port = freePort();
        LegacyEndpoint endpoint = new LegacyEndpoint("127.0.0.1", port, ClientOptions.defaults());
        assertThatThrownBy(() -> ReconnectingReceiver.open(endpoint, Duration.ZERO, recording))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot connect to 127.0.0.1:" + port);
        assertThat(events).isEmpty();
    }

    @Test
    void givesUpAfterTheLimitAndCloseWakesAWaitingReceiver() throws Exception {
        ServedFrames server = ServedFrames.start(320, 240, 30, 0);
        LegacyEndpoint endpoint = new LegacyEndpoint("127.0.0.1", server.port(), ClientOptions.defaults());
        try (ReconnectingReceiver receiver = ReconnectingReceiver.open(endpoint, Duration.ofSeconds(2), recording)) {
            receiver.next();
            server.close();
            IOException failure = null;
            try {
                for (int i = 0; i < 10_000 && receiver.next() != null; i++) {
                    // frames still on the wire
                }
            } catch (IOException e) {
                failure = e;
            }
            assertThat(failure).isNotNull().hasMessageContaining("gave up after").hasMessageContaining("127.0.0.1:" + server.port());
        } finally {
            server.close();
        }

        ServedFrames other = ServedFrames.start(320, 240, 30, 0);
        try (ReconnectingReceiver receiver = ReconnectingReceiver.open(
                new LegacyEndpoint("127.0.0.1", other.port(), ClientOptions.defaults()), Duration.ZERO, recording)) {
            receiver.next();
            other.close();
            CompletableFuture<ReceivedFrame> waiting = readUntil(receiver, () -> false);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 2);
            receiver.close(); // retrying forever, until closed
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
        } finally {
            other.close();
        }
    }

    /** Reads frames on another thread until {@code done} holds after a frame, or the stream ends (null). */
    private static CompletableFuture<ReceivedFrame> readUntil(ReconnectingReceiver receiver, BooleanSupplier done) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ReceivedFrame frame;
                do {
                    frame = receiver.next();
                } while (frame != null && !done.getAsBoolean());
                return frame;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
