package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.media.Fmp4Fragmenter;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.wire.h264.H264SocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /h264} on a real server on loopback, fed by a camera's own H.264 (a libx264 clip at 30 fps), read by the
 * JDK's WebSocket client and by a raw socket that stops reading: the first message describes the stream, then one
 * message per frame from a keyframe on (a frame after a skip is a keyframe too), which FFmpeg decodes without an
 * error in both framings; a viewer counts as
 * {@code ws} in {@code /state}; a slow viewer is skipped to a keyframe, never handed a frame it cannot decode.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H264SocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAMES = 45;

    private H264TestServer server;
    private ClientRegistry registry;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = H264TestServer.start(0);
        registry = server.registry;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void annexbGivesTheStreamsDescriptionThenEveryFrameFromAKeyframeAndFfmpegDecodesThem() throws Exception {
        WebSocketMessages messages = connect("/h264?format=annexb");
        JsonNode described = JSON.readTree(messages.text());
        assertThat(described.get("type").asText()).isEqualTo("stream");
        assertThat(described.get("format").asText()).isEqualTo("annexb");
        assertThat(described.get("codec").asText()).isEqualTo("avc1.42C01F");
        assertThat(described.get("width").asInt()).isEqualTo(1280);
        assertThat(described.get("height").asInt()).isEqualTo(720);
        assertThat(described.get("serverTimeMicros").asLong() / 1000).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(5_000L));

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        long lastSequence = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] message = messages.binary();
            long sequence = H264SocketProtocol.sequence(message);
            if (i == 0 || sequence != lastSequence + 1) {
                // The first frame, or the first after a skip (this client fell behind a new keyframe on a busy machine)
                assertThat(H264SocketProtocol.keyframe(message)).as("frame #%d after #%d", sequence, lastSequence).isTrue();
            }
            assertThat(sequence).as("in order").isGreaterThan(lastSequence);
            lastSequence = H264SocketProtocol.sequence(message);
            assertThat(H264SocketProtocol.captureEpochMicros(message) / 1000)
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
            stream.write(message, H264SocketProtocol.HEADER_BYTES, message.length - H264SocketProtocol.HEADER_BYTES);
        }
        assertThat(registry.clients()).singleElement().satisfies(c -> assertThat(c.transport().label()).isEqualTo("ws"));
        JsonNode state = JSON.readTree(HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(uri("/state")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(state.at("/clients/0/transport").asText()).isEqualTo("ws");
        assertThat(state.at("/cameras/0/urls/h264").asText()).endsWith("/h264");
        messages.close();

        Path file = Files.write(dir.resolve("received.h264"), stream.toByteArray());
        assertThat(decodeErrors(file)).isEmpty();
        assertThat(decodedFrames(file)).isEqualTo(FRAMES);
    }

    @Test
    void fmp4GivesTheDescriptionTheInitSegmentThenAFragmentPerFrameThatFfmpegDecodes() throws Exception {
        WebSocketMessages messages = connect("/cam/" + server.camera.id() + "/h264?format=fmp4");
        assertThat(JSON.readTree(messages.text()).get("format").asText()).isEqualTo("fmp4");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] init = messages.binary();
        assertThat(new String(init, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        file.writeBytes(init);
        for (int i = 0; i < FRAMES; i++) {
            byte[] fragment = messages.binary();
            assertThat(new String(fragment, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("prft");
            assertThat(new String(fragment, Fmp4Fragmenter.PRFT_BYTES + 4, 4, StandardCharsets.US_ASCII))
                    .isEqualTo("moof");
            file.writeBytes(fragment);
        }
        messages.close();
        Path mp4 = Files.write(dir.resolve("received.mp4"), file.toByteArray());
        assertThat(decodeErrors(mp4)).isEmpty();
        assertThat(decodedFrames(mp4)).isEqualTo(FRAMES);
    }

    @Test
    void aPlainGetOrAnUnknownFormatIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> plain = HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(uri("/h264")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.body()).contains("WebSocket");
        HttpResponse<String> badFormat = HttpTestServer.HTTP_CLIENT.send(HttpRequest.newBuilder(uri("/h264?format=webm"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.body()).contains("format=annexb", "format=fmp4");
    }

    /** Another site's page may not open the socket (its browser would send the viewer's login); this server's may. */
    @Test
    void aSocketFromAnotherSitesPageIsRefused() throws Exception {
        var refused = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/h264"), new WebSocketMessages());
        assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
        assertThat(registry.count()).isZero();

        WebSocketMessages ownPage = new WebSocketMessages();
        ownPage.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + server.port())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/h264"), ownPage).get(10, TimeUnit.SECONDS);
        assertThat(JSON.readTree(ownPage.text()).get("type").asText()).isEqualTo("stream");
        ownPage.close();
    }

    @Test
    void anOriginIsThePagesWhenItsHostAndPortAreTheRequests() {
        assertThat(H264SocketSession.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(H264SocketSession.sameOrigin("http://Camera.local", "camera.local:80")).isTrue();
        assertThat(H264SocketSession.sameOrigin("https://camera.local", "camera.local")).isTrue();
        assertThat(H264SocketSession.sameOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(H264SocketSession.sameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
        assertThat(H264SocketSession.sameOrigin("http://evil.example", "camera.local")).isFalse();
        assertThat(H264SocketSession.sameOrigin("null", "camera.local")).isFalse();
        assertThat(H264SocketSession.sameOrigin("http://camera.local", null)).isFalse();
    }

    /**
     * A viewer that stops reading (a 16 KiB receive buffer, then nothing read for 3 s) holds one frame in flight; when
     * it reads again the frames skipped end at a keyframe, so everything it got decodes, and the skips are counted.
     */
    @Test
    void aViewerThatStopsReadingIsSkippedToAKeyframe() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /h264 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            Thread.sleep(3000);
            List<byte[]> frames = new ArrayList<>();
            readFrame(in); // the description
            for (int i = 0; i < 120; i++) {
                frames.add(readFrame(in));
            }
            boolean jumped = false;
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = frames.get(i);
                if (i > 0 && H264SocketProtocol.sequence(frame) != H264SocketProtocol.sequence(frames.get(i - 1)) + 1) {
                    jumped = true;
                    assertThat(H264SocketProtocol.keyframe(frame)).as("the frame after a skip, #%d",
                            H264SocketProtocol.sequence(frame)).isTrue();
                }
                stream.write(frame, H264SocketProtocol.HEADER_BYTES, frame.length - H264SocketProtocol.HEADER_BYTES);
            }
            assertThat(jumped).as("frames were skipped").isTrue();
            assertThat(registry.totalFramesSkipped()).isPositive();
            Path file = Files.write(dir.resolve("slow.h264"), stream.toByteArray());
            assertThat(decodeErrors(file)).isEmpty();
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** One unmasked server frame's payload (RFC 6455 5.2). */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        in.readUnsignedByte(); // FIN, opcode
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.port() + target);
    }

    private WebSocketMessages connect(String target) throws Exception {
        return WebSocketMessages.connect(server.port(), target);
    }

    /**
     * FFmpeg's errors decoding {@code file}. The frames keep their own times (passthrough, in the file's time base):
     * capture times bunched by a loaded machine must not be taken for the muxer's "non monotonically increasing dts".
     */
    private static String decodeErrors(Path file) throws Exception {
        return run("/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-fps_mode", "passthrough",
                "-enc_time_base", "-1", "-f", "null", "-");
    }

    private static int decodedFrames(Path file) throws Exception {
        String out = run("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-count_frames", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
        return Integer.parseInt(out.trim());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
    }
}
