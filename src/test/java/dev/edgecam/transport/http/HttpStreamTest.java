package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Size;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MJPEG stream, read by FFmpeg as a real third-party client and by hand to check every byte. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpStreamTest {

    @AutoClose
    private HttpTestServer server = HttpTestServer.start();

    @ParameterizedTest
    @ValueSource(strings = {"/stream", "/?action=stream", "/stream.mjpg"})
    void ffmpegDecodesTheStream(String path) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(server.uri(path).toString())) {
            grabber.setFormat("mpjpeg");
            grabber.setOption("rw_timeout", "10000000"); // microseconds: fail rather than hang
            grabber.start();
            int decoded = 0;
            for (int i = 0; i < 10; i++) {
                Frame frame = grabber.grabImage();
                assertThat(frame).as("frame %d from %s", i, path).isNotNull();
                assertThat(frame.imageWidth).isEqualTo(HttpTestServer.WIDTH);
                assertThat(frame.imageHeight).isEqualTo(HttpTestServer.HEIGHT);
                decoded++;
            }
            assertThat(decoded).isEqualTo(10);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.registry.count(TransportKind.HTTP) == 0);
    }

    @Test
    void everyPartCarriesItsHeadersAndTheNextBoundaryComesRightAfterTheJpeg() throws Exception {
        // At 0.5 fps the next frame is captured 2 s after the previous one: the boundary that closes a part
        // must arrive before that frame even exists (browsers show a part only once the next boundary is there).
        try (MjpegTestClient client = new MjpegTestClient(server.port(), "/stream?fps=0.5")) {
            assertThat(client.head.headers().get("cache-control")).contains("no-store");
            MjpegTestClient.Part first = client.next();
            MjpegTestClient.Part second = client.next();
            for (MjpegTestClient.Part part : List.of(first, second)) {
                var image = ImageIO.read(new ByteArrayInputStream(part.jpeg()));
                assertThat(image.getWidth()).isEqualTo(HttpTestServer.WIDTH);
                assertThat(part.captureMicros()).isBetween(part.boundaryReceivedMicros() - 10_000_000L,
                        part.boundaryReceivedMicros());
            }
            assertThat(second.sequence()).isGreaterThan(first.sequence());
            assertThat(first.boundaryReceivedMicros())
                    .as("the first part's closing boundary arrived before the second frame was captured")
                    .isLessThan(second.captureMicros());
        }
    }

    @Test
    void fpsParameterCapsOneClientOnly() throws Exception {
        try (MjpegTestClient capped = new MjpegTestClient(server.port(), "/stream?fps=3");
             MjpegTestClient full = new MjpegTestClient(server.port(), "/stream")) {
            // The full-rate client first: meanwhile the capped one has only a frame or two waiting for it.
            List<Long> fullSequences = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fullSequences.add(full.next().sequence());
            }
            FrameSequences.assertEveryFrameOrRareCountedSkips(fullSequences, server.skipsCounted(full.address()));
            List<MjpegTestClient.Part> cappedParts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cappedParts.add(capped.next());
            }
            long span = cappedParts.get(3).captureMicros() - cappedParts.get(0).captureMicros();
            // Three intervals of at least 0.9 / 3 s each (the cap allows a little jitter).
            assertThat(span).isGreaterThanOrEqualTo(3 * 300_000L - 1);
            assertThat(cappedParts.get(3).sequence() - cappedParts.get(0).sequence()).isGreaterThan(3);
        }
    }

    @Test
    void headOfTheStreamIsItsResponseHeadOnly() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.request("HEAD", "/stream");
            assertThat(wire.readLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(wire.readHeaders()).containsEntry("content-type", MjpegProtocol.STREAM_CONTENT_TYPE);
            assertThat(wire.in.read()).as("no body: the server closes after the head").isEqualTo(-1);
        }
        assertThat(server.hub.listenerCount()).as("HEAD starts no stream").isZero();
        assertThat(server.registry.count()).isZero();
    }

    @Test
    void aBadFpsIsRefusedWithAClearMessage() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.request("GET", "/stream?fps=fast");
            HttpWire.Response response = wire.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).contains("fps=fast").contains("/stream?fps=5");
        }
    }

    @Test
    void aRateNearZeroIsRefusedRatherThanHoldingAPlaceForever() throws Exception {
        for (String fps : List.of("1e-300", "0.05", "0")) {
            try (HttpWire wire = new HttpWire(server.port())) {
                wire.request("GET", "/stream?fps=" + fps);
                HttpWire.Response response = wire.readResponse();
                assertThat(response.status()).as(fps).isEqualTo(400);
                assertThat(response.text()).contains("fps=" + fps).contains("from 0.1");
            }
        }
        assertThat(server.registry.count()).as("no stream started").isZero();
    }

    @Test
    void severalHttpAndTcpClientsAtOnceEachGetEveryFrame() throws Exception {
        // A slower source than the other tests use: a frame is skipped only when a client's previous write has
        // not finished within a frame interval, which a busy 2-core box must not cause at 8 fps.
        server.close();
        server = HttpTestServer.start(new Size(HttpTestServer.WIDTH, HttpTestServer.HEIGHT), 8);
        int frames = 24;
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<MjpegTestClient> httpClients = new ArrayList<>();
        List<Socket> tcpClients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                httpClients.add(new MjpegTestClient(server.port(), i == 0 ? "/?action=stream" : "/stream"));
            }
            List<Future<List<MjpegTestClient.Part>>> httpResults = new ArrayList<>();
            for (MjpegTestClient client : httpClients) {
                httpResults.add(pool.submit(() -> {
                    List<MjpegTestClient.Part> parts = new ArrayList<>();
                    for (int i = 0; i < frames; i++) {
                        parts.add(client.next());
                    }
                    return parts;
                }));
            }
            List<Future<List<byte[]>>> tcpResults = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Socket socket = new Socket("127.0.0.1", server.tcp.port());
                socket.setSoTimeout(10_000);
                tcpClients.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(new byte[] {LegacyProtocol.Command.START_STREAM.wire(), LegacyProtocol.Command.REQUEST_FRAME.wire()});
                out.flush();
                LegacyFrameReader reader = new LegacyFrameReader(socket.getInputStream(), 1 << 24);
                tcpResults.add(pool.submit(() -> {
                    List<byte[]> received = new ArrayList<>();
                    for (int f = 0; f < frames; f++) {
                        received.add(reader.readFrame());
                    }
                    return received;
                }));
            }

            Map<Long, byte[]> bySequence = new HashMap<>();
            for (int c = 0; c < httpClients.size(); c++) {
                List<MjpegTestClient.Part> parts = httpResults.get(c).get(60, TimeUnit.SECONDS);
                FrameSequences.assertEveryFrameOrRareCountedSkips(parts.stream().map(MjpegTestClient.Part::sequence).toList(),
                        server.skipsCounted(httpClients.get(c).address()));
                for (MjpegTestClient.Part part : parts) {
                    byte[] known = bySequence.putIfAbsent(part.sequence(), part.jpeg());
                    if (known != null) {
                        assertThat(part.jpeg()).as("every HTTP client gets the same bytes for frame %d", part.sequence())
                                .isEqualTo(known);
                    }
                }
            }
            for (int c = 0; c < tcpClients.size(); c++) {
                List<byte[]> received = tcpResults.get(c).get(60, TimeUnit.SECONDS);
                // Each TCP frame is a hub frame, byte for byte as the HTTP clients got it; the TCP client's run
                // overlaps the HTTP clients' runs, so most of its frames are found among theirs.
                List<Long> sequences = received.stream().map(jpeg -> sequenceOf(bySequence, jpeg))
                        .filter(sequence -> sequence > 0).toList();
                assertThat(sequences.size()).isGreaterThanOrEqualTo(frames / 2);
                FrameSequences.assertEveryFrameOrRareCountedSkips(sequences,
                        server.skipsCounted("127.0.0.1:" + tcpClients.get(c).getLocalPort()));
            }
        } finally {
            for (MjpegTestClient client : httpClients) {
                client.close();
            }
            for (Socket socket : tcpClients) {
                socket.close();
            }
            pool.shutdownNow();
        }
    }

    /** The sequence of the HTTP clients' frame with exactly these bytes, or 0 when none of them got it. */
    private static long sequenceOf(Map<Long, byte[]> bySequence, byte[] jpeg) {
        return bySequence.entrySet().stream().filter(e -> Arrays.equals(e.getValue(), jpeg)).mapToLong(Map.Entry::getKey)
                .findFirst().orElse(0);
    }

    @Test
    void encodingStopsWhenTheLastViewerLeaves() throws Exception {
        try (MjpegTestClient client = new MjpegTestClient(server.port(), "/stream")) {
            client.next();
            assertThat(server.hub.listenerCount()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hub.listenerCount() == 0);
        Thread.sleep(300); // an encode that began while the viewer was still there may finish meanwhile
        long encoded = server.stats.encoded.sum();
        Thread.sleep(700); // ten frame intervals of the source: none of them may be encoded
        assertThat(server.stats.encoded.sum()).isEqualTo(encoded);
        assertThat(server.stats.captured.sum()).as("the source keeps its pace meanwhile").isPositive();
    }
}
