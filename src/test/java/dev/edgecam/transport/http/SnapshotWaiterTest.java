package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Snapshots in memory, with the event loop's clock in the test's hands: a frame published after the request
 * answers it; none within the timeout answers 503; either way the request stops counting as demand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SnapshotWaiterTest {

    @AutoClose
    private final EmbeddedHttp http = new EmbeddedHttp();
    private final FrameHub hub = http.hub;
    private final EmbeddedChannel channel = http.connection();

    private void request(String text) {
        EmbeddedHttp.send(channel, text);
    }

    @Test
    void theFirstFramePublishedAfterTheRequestAnswersIt() {
        hub.publish(frame(1)); // before the request: not the answer
        request("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(hub.listenerCount()).as("waiting counts as demand").isEqualTo(1);
        assertThat((Object) channel.readOutbound()).as("no answer before a new frame").isNull();

        hub.publish(frame(2));
        channel.runPendingTasks();
        String response = HttpWireText.of(channel);
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("X-Sequence: 2\r\n")
                .contains("X-Timestamp: 1764000000.000002\r\n")
                .contains("cache-control: no-store")
                .endsWith("\r\n\r\nJPEG-2");
        assertThat(hub.listenerCount()).isZero();
    }

    @Test
    void noFrameWithinTheTimeoutAnswers503AndStopsWaiting() {
        request("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\n");
        channel.advanceTimeBy(http.services.options.snapshotTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        String response = HttpWireText.of(channel);
        assertThat(response).startsWith("HTTP/1.1 " + HttpResponseStatus.SERVICE_UNAVAILABLE + "\r\n")
                .contains("the source may be offline, see /state");
        assertThat(hub.listenerCount()).isZero();
    }

    @Test
    void aRequestPipelinedBehindASnapshotIsAnsweredAfterIt() {
        request("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\nGET /settings HTTP/1.1\r\nHost: x\r\n\r\n");
        hub.publish(frame(1));
        channel.runPendingTasks();
        String responses = HttpWireText.of(channel);
        assertThat(responses.indexOf("image/jpeg")).isPositive()
                .isLessThan(responses.indexOf("application/json"));
    }

    @Test
    void aClientThatLeavesWhileWaitingStopsCountingAsDemand() {
        request("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\nGET /state HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(hub.listenerCount()).isEqualTo(1);
        channel.close();
        assertThat(hub.listenerCount()).isZero();
        hub.publish(frame(1));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    private static Frame frame(long sequence) {
        return EmbeddedHttp.frame(sequence, "JPEG-" + sequence);
    }

    /** Everything the channel wrote, as text. */
    private static final class HttpWireText {
        static String of(EmbeddedChannel channel) {
            StringBuilder text = new StringBuilder();
            for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
                io.netty.buffer.ByteBuf bytes = (io.netty.buffer.ByteBuf) message;
                text.append(bytes.toString(StandardCharsets.US_ASCII));
                bytes.release();
            }
            return text.toString();
        }
    }
}
