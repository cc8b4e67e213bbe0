package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.testing.FakeOriginalServer;
import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client library against a stand-in for the original Python server and its quirks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginalServerCompatTest {

    private FakeOriginalServer server;

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theStandInReallyWithholdsTheNextSingleFrameUntilConfirmed() throws Exception {
        server = FakeOriginalServer.start();
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(1_000);
            LegacyFrameReader reader = new LegacyFrameReader(raw.getInputStream(), LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);
            raw.getOutputStream().write('0');
            assertThat(reader.readFrame()).isNotNull();
            raw.getOutputStream().write('0'); // no '1' before it, as a careless client would do
            org.assertj.core.api.Assertions.assertThatThrownBy(reader::readFrame).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void singleFramesOneAfterAnotherWorkBecauseTheClientConfirmsEach() throws Exception {
        server = FakeOriginalServer.start();
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), ClientOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.requestFrame().jpeg()).isEqualTo(server.picture(i));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.commands().length() >= 6);
        assertThat(server.commands()).isEqualTo("010101");
    }

    @Test
    void streamsThenStopsAndDrainsSoTheNextSingleFrameIsNotStale() throws Exception {
        server = FakeOriginalServer.start();
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), ClientOptions.defaults())) {
            client.startStream();
            for (int i = 0; i < 10; i++) {
                assertThat(client.nextFrame().jpeg()).isEqualTo(server.picture(i));
            }
            client.stopStream();
            int sentBeforeSingle = server.framesSent();
            ReceivedFrame single = client.requestFrame();
            assertThat(single.jpeg()).isEqualTo(server.picture(sentBeforeSingle));
            client.endSession();
        }
        // The original's '2' stops the whole server (so it may never read the second '2').
        await().atMost(Duration.ofSeconds(5)).until(server::isShutDown);
        assertThat(server.commands()).startsWith("3q1012");
    }

    @Test
    void copesWithAServerThatStreamsBeforeBeingAsked() throws Exception {
        server = FakeOriginalServer.startStuckInStreamMode();
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), ClientOptions.defaults())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.framesSent() >= 5);
            // Frames arrive unasked; the single-frame request skips those already waiting and stays in step.
            ReceivedFrame frame = client.requestFrame();
            assertThat(frame.jpeg()).isIn((Object[]) allPictures());
            client.startStream();
            for (int i = 0; i < 5; i++) {
                assertThat(client.nextFrame().jpeg()).isIn((Object[]) allPictures());
            }
            client.stopStream();
        }
    }

    @Test
    void aRecordingStreamEndsWithTheServerWithoutAnEndMarker() throws Exception {
        server = FakeOriginalServer.start();
        FrameReceiver stream = new LegacyEndpoint("127.0.0.1", server.port(), ClientOptions.defaults()).openStream();
        try (stream) {
            assertThat(stream.next()).isNotNull();
            server.close(); // the original simply closes the socket
            ReceivedFrame last = null;
            IOException failure = null;
            try {
                for (int i = 0; i < 1000 && (last = stream.next()) != null; i++) {
                    // frames already on the wire still arrive
                }
            } catch (IOException e) {
                failure = e;
            }
            // Either a clean end between frames or a clear error naming a cut frame; never a hang.
            assertThat(failure == null ? "ended" : failure.getMessage()).matches("ended|.*(closed|lost|reset).*");
            assertThat(last).isNull();
        }
    }

    private byte[][] allPictures() {
        byte[][] all = new byte[8][];
        for (int i = 0; i < all.length; i++) {
            all[i] = server.picture(i);
        }
        return all;
    }
}
