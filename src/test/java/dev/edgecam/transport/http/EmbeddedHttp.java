package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.TestCameras;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.RefusalLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP transport's pipeline on {@link EmbeddedChannel}s, fed by a hub the test publishes to by hand: exact
 * bytes in and out, and the event loop's clock in the test's hands. Connections made here close with it.
 */
final class EmbeddedHttp implements AutoCloseable {

    final FrameHub hub = new FrameHub();
    final ClientRegistry registry = new ClientRegistry();
    // Never started: the endpoints only read its settings and status.
    private final Camera camera = TestCameras.around(hub, new PipelineStats(),
            new CaptureLoop(new TestPatternSource(new Size(64, 48), 5), hub, new PipelineStats(), EncodeSettings.defaults()));
    final HttpServices services = new HttpServices(HttpOptions.defaults("127.0.0.1", 0),
            List.of(new ServedCamera(camera, registry)));
    private final RefusalLog refusals = AccessControl.open().refusals();
    private final List<EmbeddedChannel> connections = new ArrayList<>();

    /** A new connection with the transport's handlers behind the HTTP codec. */
    EmbeddedChannel connection() {
        RequestDeadline deadline = new RequestDeadline(60_000);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new PipelinedRequests(refusals), deadline,
                new HttpObjectAggregator(HttpOptions.MAX_BODY_BYTES), new HttpRequestHandler(services, deadline, refusals));
        connections.add(channel);
        return channel;
    }

    static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** A frame whose JPEG bytes are {@code jpeg} as ASCII, captured at epoch second 1764000000 plus its sequence in µs. */
    static Frame frame(long sequence, String jpeg) {
        return new Frame(sequence, System.nanoTime(), 1_764_000_000_000_000L + sequence, 64, 48,
                jpeg.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        connections.forEach(EmbeddedChannel::finishAndReleaseAll);
        services.close();
        camera.close();
    }
}
