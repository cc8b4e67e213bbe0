package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import dev.edgecam.media.JpegDimensions;
import dev.edgecam.testing.ServedFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client library against a real edgecam server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LegacyClientTest {

    private ServedFrames server;

    @BeforeEach
    void startServer() throws Exception {
        server = ServedFrames.start(320, 240, 30, 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aSingleFrameIsExactlyAFrameTheServerServed() throws Exception {
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), ClientOptions.defaults())) {
            ReceivedFrame first = client.requestFrame();
            ReceivedFrame second = client.requestFrame();
            assertThat(server.served(first.jpeg())).isTrue();
            assertThat(server.served(second.jpeg())).isTrue();
            assertThat(first.jpeg()).isNotEqualTo(second.jpeg()); // each 0 gets a fresh frame
            assertThat(JpegDimensions.of(first.jpeg())).isEqualTo(new Size(320, 240));
            assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        }
    }

    @Test
    void streamDeliversServedFramesInOrderThenStopsAndAnswersASingleFrameAgain() throws Exception {
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), ClientOptions.defaults())) {
            client.startStream();
            List<ReceivedFrame> frames = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                frames.add(client.nextFrame());
            }
            client.stopStream();
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).sequence()).isEqualTo(frames.get(i - 1).sequence() + 1);
                assertThat(frames.get(i).receiveNanos()).isGreaterThan(frames.get(i - 1).receiveNanos());
                assertThat(server.served(frames.get(i).jpeg())).isTrue();
            }
            ReceivedFrame single = client.requestFrame();
            assertThat(server.served(single.jpeg())).isTrue();
            client.endSession();
            assertThat(client.isClosed()).isTrue();
        }
    }

    @Test
    void endpointSnapshotMatchesAServedFrame() throws Exception {
        FrameEndpoint endpoint = new LegacyEndpoint("127.0.0.1", server.port(), ClientOptions.defaults());
        ReceivedFrame frame = endpoint.snapshot();
        assertThat(server.served(frame.jpeg())).isTrue();
    }
}
