package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.ScriptedServer;
import java.io.IOException;
import java.io.OutputStream;
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
