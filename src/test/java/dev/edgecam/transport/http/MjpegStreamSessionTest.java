package dev.edgecam.transport.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stream in memory: exact bytes out for frames published to the hub, nothing left over, and every client
 * writes the same memory for a part (built once per frame, never copied per client).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MjpegStreamSessionTest {

    @AutoClose
    private final EmbeddedHttp http = new EmbeddedHttp();
    private final FrameHub hub = http.hub;
    private final ClientRegistry registry = http.registry;
    private final EmbeddedChannel channel = http.connection();
    private final EmbeddedChannel otherChannel = http.connection();

    @Test
    void partsAreExactlyHeadersJpegAndTheNextBoundaryAndEveryClientWritesTheSameMemory() {
        // Published a second before the request, by a capture loop that then idled: too old to start a stream with.
        hub.publish(new Frame(1, System.nanoTime() - 1_000_000_000L, 1_764_000_000_000_001L, 64, 48, "old".getBytes(US_ASCII)));
        for (EmbeddedChannel client : List.of(channel, otherChannel)) {
            EmbeddedHttp.send(client, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        hub.publish(frame(2, "JPEG-two"));
        runPendingTasks();
        hub.publish(frame(3, "JPEG-three!"));
        runPendingTasks();

        List<ByteBuf> written = drainOutbound(channel);
        List<ByteBuf> otherWritten = drainOutbound(otherChannel);
        String all = ascii(written);
        String head = all.substring(0, all.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: " + MjpegProtocol.STREAM_CONTENT_TYPE + "\r\n")
                .contains("connection: close\r\n")
                .doesNotContain("content-length").doesNotContain("transfer-encoding");
        assertThat(all.substring(head.length())).isEqualTo("--boundarydonotcross\r\n"
                + "Content-Type: image/jpeg\r\nContent-Length: 8\r\nX-Timestamp: 1764000000.000002\r\nX-Sequence: 2\r\n\r\n"
                + "JPEG-two\r\n--boundarydonotcross\r\n"
                + "Content-Type: image/jpeg\r\nContent-Length: 11\r\nX-Timestamp: 1764000000.000003\r\nX-Sequence: 3\r\n\r\n"
                + "JPEG-three!\r\n--boundarydonotcross\r\n");
        assertThat(ascii(otherWritten)).isEqualTo(all);

        ByteBuf lastPart = written.get(written.size() - 1);
        ByteBuf otherLastPart = otherWritten.get(otherWritten.size() - 1);
        assertThat(lastPart.isDirect()).as("direct memory: the socket write copies nothing more").isTrue();
        assertThat(lastPart.unwrap()).as("one buffer per frame, shared by every client")
                .isNotNull().isSameAs(otherLastPart.unwrap());
        written.forEach(ByteBuf::release);
        otherWritten.forEach(ByteBuf::release);
        assertThat(registry.clients()).hasSize(2).allSatisfy(c -> assertThat(c.framesSent()).isEqualTo(2));
    }

    private void runPendingTasks() {
        channel.runPendingTasks();
        otherChannel.runPendingTasks();
    }

    @Test
    void theStreamStopsCountingAsDemandWhenTheClientLeaves() {
        EmbeddedHttp.send(channel, "GET /?action=stream HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(hub.listenerCount()).isEqualTo(1);
        assertThat(registry.count(TransportKind.HTTP)).isEqualTo(1);
        channel.close();
        assertThat(hub.listenerCount()).isZero();
        assertThat(registry.count()).isZero();
        drainOutbound(channel).forEach(ByteBuf::release);
    }

    private static Frame frame(long sequence, String jpeg) {
        return EmbeddedHttp.frame(sequence, jpeg);
    }

    private static List<ByteBuf> drainOutbound(EmbeddedChannel channel) {
        List<ByteBuf> out = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            out.add((ByteBuf) message);
        }
        return out;
    }

    private static String ascii(List<ByteBuf> buffers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf buffer : buffers) {
            bytes.writeBytes(ByteBufUtil.getBytes(buffer));
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
