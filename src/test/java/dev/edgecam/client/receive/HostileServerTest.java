package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.testing.ScriptedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that break the legacy protocol: the client refuses clearly, never hangs, never allocates what a length asks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerTest {

    /** Far below the 32 MiB maximum frame and the 4 GiB a length can announce, far above the client's own buffers. */
    private static final long ALLOCATION_BOUND_BYTES = 2 * 1024 * 1024;

    private static final ClientOptions FAST = ClientOptions.defaults().withReadTimeout(Duration.ofMillis(500));

    @Test
    void aLengthOf4GiBIsRefusedBeforeAllocating() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(answerEveryRequestWith(new byte[] {-1, -1, -1, -1}))) {
            assertFailsWithinBoundedAllocation(server, "announced a frame of 4294967295 bytes, above the maximum of 33554432");
        }
    }

    @Test
    void textInsteadOfAFrameIsRefused() throws Exception {
        // The original server answers an unknown command with this text, unframed.
        byte[] text = "Unknown command".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = ScriptedServer.start(answerEveryRequestWith(text))) {
            // "Unkn" read as a length is 1433299822 bytes.
            assertFailsWithinBoundedAllocation(server, "announced a frame of 1433299822 bytes");
        }
    }

    @Test
    void aLengthOfZeroIsRefused() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(answerEveryRequestWith(new byte[] {0, 0, 0, 0}))) {
            assertFailsWithinBoundedAllocation(server, "frame length of 0");
        }
    }

    @Test
    void aFrameCutShortIsReported() throws Exception {
        byte[] cut = new byte[4 + 10];
        cut[2] = 0x03;
        cut[3] = (byte) 0xE8; // 1000 bytes announced, 10 sent, then the server hangs up
        try (ScriptedServer server = ScriptedServer.start(answerEveryRequestWith(cut))) {
            assertFailsWithinBoundedAllocation(server, "connection closed inside a frame: got 10 of 1000 bytes");
        }
    }

    @Test
    void aSilentServerTimesOutWithAClearMessage() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(client -> {
            client.getInputStream().read();
            Thread.sleep(30_000); // says nothing until the test closes it
        })) {
            long started = System.nanoTime();
            assertFailsWithinBoundedAllocation(server, "no frame from 127.0.0.1:" + server.port() + " within 0.5 s");
            // No hang: the read timeout ended the wait, not the test's own timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aServerThatHangsUpInsteadOfAnsweringIsReported() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(client -> client.getInputStream().read())) {
            assertFailsWithinBoundedAllocation(server, "closed the connection instead of sending the frame");
        }
    }

    @Test
    void aServerThatDripsAFrameTimesOutWithinTheReadTimeoutForTheWholeFrame() throws Exception {
        // Every byte comes well within the 0.5 s read timeout, but the 400-byte frame would take 40 s.
        byte[] header = new byte[] {0, 0, 0x01, (byte) 0x90};
        try (ScriptedServer server = ScriptedServer.start(client -> {
            client.getInputStream().read();
            drip(client, header, DRIPPED_BYTES);
        })) {
            assertDripTimesOut(new LegacyEndpoint("127.0.0.1", server.port(), FAST), "127.0.0.1:" + server.port());
        }
    }

    @Test
    void anHttpStreamThatDripsAPartTimesOutWithinTheReadTimeoutForTheWholePart() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: image/jpeg\r\nContent-Length: " + DRIPPED_BYTES + "\r\n\r\n";
        try (ScriptedServer server = ScriptedServer.start(httpDripping(head))) {
            ServerAddress address = ServerAddress.parse("http://127.0.0.1:" + server.port() + "/stream");
            assertDripTimesOut(new MjpegHttpEndpoint(address, FAST), address.toString());
        }
    }

    @Test
    void anHttpSnapshotThatDripsItsPictureTimesOutWithinTheReadTimeout() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: " + DRIPPED_BYTES + "\r\n\r\n";
        try (ScriptedServer server = ScriptedServer.start(httpDripping(head))) {
            ServerAddress address = ServerAddress.parse("http://127.0.0.1:" + server.port() + "/snapshot");
            assertDripTimesOut(new MjpegHttpEndpoint(address, FAST), address.toString());
        }
    }

    @Test
    void anHttpServerThatDripsItsResponseHeadersTimesOutWithinTheReadTimeout() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(httpDripping("HTTP/1.1 200 OK\r\nX-Slow: "))) {
            ServerAddress address = ServerAddress.parse("http://127.0.0.1:" + server.port() + "/stream");
            assertDripTimesOut(new MjpegHttpEndpoint(address, FAST), address.toString());
        }
    }

    /** Bytes of a dripped frame: at {@link #DRIP_INTERVAL_MILLIS} each, far longer than the read timeout. */
    private static final int DRIPPED_BYTES = 400;
    private static final long DRIP_INTERVAL_MILLIS = 100;

    private static void assertDripTimesOut(FrameEndpoint endpoint, String where) {
        long started = System.nanoTime();
        assertThatThrownBy(endpoint::snapshot).isInstanceOf(IOException.class)
                .hasMessageContaining("no frame from " + where + " within 0.5 s");
        // The deadline ended the wait, not the end of the drip (40 s) nor the test's own timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    /** Reads an HTTP request up to its blank line, then answers with {@code head} and drips the body. */
    private static ScriptedServer.Script httpDripping(String head) {
        return client -> {
            InputStream in = client.getInputStream();
            int ends = 0;
            for (int b, read = 0; ends < 4 && read < 16_384 && (b = in.read()) >= 0; read++) {
                ends = (b == '\r' || b == '\n') ? ends + 1 : 0;
            }
            drip(client, head.getBytes(StandardCharsets.US_ASCII), DRIPPED_BYTES);
        };
    }

    /** Writes {@code head} at once, then {@code bytes} single bytes, one every {@link #DRIP_INTERVAL_MILLIS}. */
    private static void drip(Socket client, byte[] head, int bytes) throws IOException, InterruptedException {
        OutputStream out = client.getOutputStream();
        out.write(head);
        out.flush();
        for (int i = 0; i < bytes; i++) {
            Thread.sleep(DRIP_INTERVAL_MILLIS);
            out.write(0x55);
            out.flush();
        }
    }

    private static ScriptedServer.Script answerEveryRequestWith(byte[] reply) {
        return client -> {
            if (client.getInputStream().read() == '0') {
                OutputStream out = client.getOutputStream();
                out.write(reply);
                out.flush();
            }
        };
    }

    private static void assertFailsWithinBoundedAllocation(ScriptedServer server, String message) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LegacyClient client = LegacyClient.connect("127.0.0.1", server.port(), FAST)) {
            IOException failure = null;
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                client.requestFrame();
            } catch (IOException e) {
                failure = e;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(failure).isNotNull().hasMessageContaining(message);
            assertThat(allocated).as("bytes allocated while refusing").isLessThan(ALLOCATION_BOUND_BYTES);
        }
    }
}
