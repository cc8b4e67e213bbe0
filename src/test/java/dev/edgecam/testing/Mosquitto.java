package dev.edgecam.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's MQTT broker, {@code mosquitto}, started by the test on a free loopback port with anonymous access, and
 * stopped after it. Without {@code /usr/sbin/mosquitto} the test is skipped locally and fails in CI ({@code CI=true},
 * where {@code .ci/run} installs it).
 */
public final class Mosquitto implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        String missing = BINARY + " is missing: install Debian's mosquitto (.ci/run does)";
        if (!Files.isExecutable(BINARY) && System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY), missing);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Mosquitto broker = new Mosquitto(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return broker;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    /** {@code mqtt://127.0.0.1:PORT}, for edgecam's config. */
    public URI url() {
        return URI.create("mqtt://127.0.0.1:" + port);
    }

    /** {@code tcp://127.0.0.1:PORT}, for a Paho client of the test. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
