package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stream in memory: exact bytes out for frames published to the hub, nothing left over, and every client
 * writes the same memory for a part (built once per frame, never copied per client).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MjpegStreamSessionTest {

    private final FrameHub hub = new FrameHub();
    private final ClientRegistry registry = new ClientRegistry();
    // Never started: the endpoints only read its settings and status.
    private final CaptureLoop capture = new CaptureLoop(new TestPatternSource(new Size(64, 48), 5), hub,
            new PipelineStats(), EncodeSettings.defaults());
    private final HttpServices services = new HttpServices(HttpOptions.defaults("127.0.0.1", 0), hub,
            new PipelineStats(), capture, registry);
    private final EmbeddedChannel channel = connection();
    private final EmbeddedChannel otherChannel = connection();

    private EmbeddedChannel connection() {
        RequestDeadline deadline = new RequestDeadline(60_000);
        return new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(HttpOptions.MAX_BODY_BYTES),
                deadline, new HttpRequestHandler(services, deadline));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        otherChannel.finishAndReleaseAll();
        services.streamParts.close();
        capture.close();
    }

    @Test
    void partsAreExactlyHeadersJpegAndTheNextBoundaryAndEveryClientWritesTheSameMemory() {
        hub.publish(frame(1, "old")); // published before the request: not sent
        for (EmbeddedChannel client : List.of(channel, otherChannel)) {
            client.writeInbound(Unpooled.copiedBuffer("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
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
        channel.writeInbound(Unpooled.copiedBuffer("GET /?action=stream HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(hub.listenerCount()).isEqualTo(1);
        assertThat(registry.count("http")).isEqualTo(1);
        channel.close();
        assertThat(hub.listenerCount()).isZero();
        assertThat(registry.count()).isZero();
        drainOutbound(channel).forEach(ByteBuf::release);
    }

    private static Frame frame(long sequence, String jpeg) {
        return new Frame(sequence, System.nanoTime(), 1_764_000_000_000_000L + sequence, 64, 48,
                jpeg.getBytes(StandardCharsets.US_ASCII));
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
