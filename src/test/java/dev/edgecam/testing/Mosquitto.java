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
    private final int tlsPort;

    private Mosquitto(Process process, int port, int tlsPort) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, null, null, false);
    }

    /**
     * A broker with a TLS listener too, as Home Assistant's Mosquitto add-on with certificates: its certificate
     * {@code server}, signed by {@code ca}; with {@code requireCertificate} it lets in only clients with a certificate
     * {@code ca} signed. Its plain listener ({@link #serverUri()}) stays for the test's reader.
     */
    public static Mosquitto startTls(Path dir, TestCa ca, TestCa.Issued server, boolean requireCertificate)
            throws IOException, InterruptedException {
        return start(dir, ca, server, requireCertificate);
    }

    private static Mosquitto start(Path dir, TestCa ca, TestCa.Issued server, boolean requireCertificate)
            throws IOException, InterruptedException {
        String missing = BINARY + " is missing: install Debian's mosquitto (.ci/run does)";
        if (!Files.isExecutable(BINARY) && System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY), missing);
        int port = freePort();
        int tlsPort = ca == null ? -1 : freePort();
        Path config = dir.resolve("mosquitto.conf");
        String tls = ca == null ? "" : "listener " + tlsPort + " 127.0.0.1\ncafile " + ca.certificateFile()
                + "\ncertfile " + server.certificate() + "\nkeyfile " + server.key() + "\nrequire_certificate "
                + requireCertificate + "\n";
        // Run as the test's user: as root, mosquitto would switch to the user mosquitto, who cannot read the test's
        // key files.
        Files.writeString(config, "user " + System.getProperty("user.name") + "\nallow_anonymous true\n"
                + "persistence false\nlistener " + port + " 127.0.0.1\n" + tls);
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Mosquitto broker = new Mosquitto(process, port, tlsPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tlsPort > 0 ? tlsPort : port),
                        500);
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

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The TLS listener's port, of a broker made by {@link #startTls}. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code mqtts://HOST:TLSPORT}, for edgecam's config. */
    public URI tlsUrl(String host) {
        return URI.create("mqtts://" + host + ":" + tlsPort);
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
