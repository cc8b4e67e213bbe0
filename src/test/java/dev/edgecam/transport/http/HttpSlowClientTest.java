package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Size;
import dev.edgecam.transport.ClientInfo;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stream client that stops reading skips frames (counted); it never slows another client or the capture. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpSlowClientTest {

    /** 8 fps: a frame is skipped only when a write cannot finish within a frame interval (see HttpStreamTest). */
    private static final long SLOW_LINK_BYTES_PER_SECOND = 50_000;

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start(new Size(HttpTestServer.WIDTH, HttpTestServer.HEIGHT), 8);

    @Test
    void aClientThatStopsReadingSkipsWhileAnotherGetsEveryFrame() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // before connecting, so the window stays small
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            OutputStream out = stalled.getOutputStream();
            out.write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String stalledAddress = "127.0.0.1:" + stalled.getLocalPort();
            await().atMost(Duration.ofSeconds(10)).until(() -> find(stalledAddress) != null);

            try (MjpegTestClient fast = new MjpegTestClient(server.port(), "/stream")) {
                List<Long> sequences = new ArrayList<>();
                for (int i = 0; i < 31; i++) {
                    sequences.add(fast.next().sequence());
                }
                FrameSequences.assertEveryFrameOrRareCountedSkips(sequences, server.skipsCounted(fast.address()));
            }
            // 31 frames later the stalled client's socket buffers are long full: it holds one frame in flight
            // and every newer frame counts as skipped for it, while it stays connected.
            ClientInfo slow = find(stalledAddress);
            assertThat(slow).as("still connected (dropped only after the write timeout)").isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.framesSkipped() > 0);
            assertThat(slow.framesSent()).isLessThan(31);
        }
    }

    @Test
    void aViewerOnASlowLinkSeesRecentFramesNotSecondsOldOnes() throws Exception {
        try (HttpTestServer large = HttpTestServer.start(new Size(640, 480), 15);
             MjpegTestClient slow = new MjpegTestClient(new HttpWire(large.port(), 4096, SLOW_LINK_BYTES_PER_SECOND),
                     "/stream")) {
            // The first parts fill the buffers on the way (about 5 s of them before the fix); from then on, each
            // part shows how stale the path is.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            List<Long> agesMillis = new ArrayList<>();
            for (int i = 0; i < 30 && System.nanoTime() < deadline; i++) {
                MjpegTestClient.Part part = slow.next();
                if (i >= 20) {
                    agesMillis.add((part.boundaryReceivedMicros() - part.captureMicros()) / 1000);
                }
            }
            long frameBytes = large.hub.latest().size();
            long newestAgeMillis = agesMillis.get(agesMillis.size() - 1);
            // A frame takes frameBytes / rate to cross the link itself; a few of those are the floor. Seconds of
            // queue (the 128 KiB send buffer) are what this must not show.
            long oneFrameMillis = frameBytes * 1000 / SLOW_LINK_BYTES_PER_SECOND;
            assertThat(newestAgeMillis).as("age of the last frame at %d B/s, %d-byte frames (ages %s ms)",
                    SLOW_LINK_BYTES_PER_SECOND, frameBytes, agesMillis).isLessThan(4 * oneFrameMillis + 500);
        }
    }

    private ClientInfo find(String address) {
        return server.registry.clients().stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
    }
}
