package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.frame.Size;
import dev.edgecam.testing.Jpegs;
import dev.edgecam.testing.LegacyTestClient;
import dev.edgecam.testing.Pictures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecam serve} as its own process: what a person or a service manager sees. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServeCommandProcessTest {

    /** A logback line ("12:34:56.789 INFO  ..."); anything else on stderr was printed by the command itself. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    private static final Pattern LISTENING = Pattern.compile("TCP: legacy protocol listening on [^ ]+:(\\d+)");
    /** A config file of one small test-pattern camera, door, on a free legacy port and no HTTP. */
    private static final String DOOR_CONFIG = """
            host: 127.0.0.1
            http_port: 0
            rtsp_port: 0
            status_interval: 0
            cameras:
              - id: door
                source: test
                size: 320x240
                fps: 10
                legacy_port: 0
            """;

    @TempDir
    Path dir;
    private Path stderrFile;
    private Process process;

    @BeforeEach
    void files() {
        stderrFile = dir.resolve("stderr.log");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermShutsDownCleanlyWithExitZero() throws Exception {
        start("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--rtsp-port", "0", "--source", "test",
                "--size", "320x240", "--fps", "10", "--status-interval", "0");
        int port = awaitPort();
        try (LegacyTestClient client = LegacyTestClient.connect(port)) {
            client.send("3");
            byte[] first = client.readFrame(Duration.ofSeconds(10));

            process.destroy(); // SIGTERM, as a service manager sends it

            List<byte[]> rest = client.drain(Duration.ofSeconds(5), 1_000);
            client.assertClosedByServer(Duration.ofSeconds(5));
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
            Jpegs.decode(first);
            rest.forEach(Jpegs::decode);
        }
        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderrText()).isZero();
        assertThat(stderrText()).contains("SIGTERM received: shutting down");
    }

    @Test
    void aConfigFileServesEveryCameraEachOnItsOwnLegacyPort() throws Exception {
        Path config = dir.resolve("edgecam.yml");
        Files.writeString(config, DOOR_CONFIG + """
                  - id: till
                    source: test
                    size: 160x120
                    fps: 10
                    legacy_port: 0
                """, StandardCharsets.UTF_8);
        start("serve", "--config", config.toString());
        assertThat(legacyFrameSize(awaitLogged(cameraPort("door")))).isEqualTo(new Size(320, 240));
        assertThat(legacyFrameSize(awaitLogged(cameraPort("till")))).isEqualTo(new Size(160, 120));

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderrText()).isZero();
    }

    private static Pattern cameraPort(String id) {
        return Pattern.compile("TCP: port (\\d+) serves camera " + id + "$");
    }

    private static Size legacyFrameSize(int port) throws IOException {
        try (LegacyTestClient client = LegacyTestClient.connect(port)) {
            client.send("0");
            return Jpegs.decode(client.readFrame(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aMissingFileIsOneLineOnStderrAndANonZeroExit() throws Exception {
        String missing = Path.of("/nonexistent", "edgecam-test-clip.mp4").toString();
        start("serve", "--port", "0", "--http-port", "0", "--rtsp-port", "0", "--source", "file:" + missing);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isNotZero();
        List<String> naming = lines().stream().filter(line -> line.contains(missing)).toList();
        assertThat(naming).as("stderr:\n%s", stderrText()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("edgecam: cannot open file").contains("does not exist"));
    }

    @Test
    void aCameraMissingAtStartIsOneWarningAndTheServerKeepsServing() throws Exception {
        String missing = dir.resolve("video7").toString();
        start("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--rtsp-port", "0", "--source", "camera:" + missing,
                "--status-interval", "0");
        int port = awaitPort();
        try (LegacyTestClient client = LegacyTestClient.connect(port)) {
            client.send("0");
            byte[] frame = client.readFrame(Duration.ofSeconds(10));
            assertThat(Jpegs.decode(frame)).as("the no-signal picture").isEqualTo(new Size(640, 480));
            assertThat(Pictures.isNoSignal(frame)).isTrue();
        }
        assertThat(process.isAlive()).as("still serving; stderr:\n%s", stderrText()).isTrue();
        // One warning explains; the retries that follow (at 1, 2, 4 … tries) say only that it is still offline.
        List<String> explaining = lines().stream().filter(line -> line.contains("at start")).toList();
        assertThat(explaining).as("stderr:\n%s", stderrText()).singleElement().satisfies(line -> assertThat(line)
                .contains("WARN")
                .contains("camera " + missing).contains("not available at start").contains("'no signal'")
                .contains("1, 2, 4, 8, 16 s, then every 30 s").contains("does not exist"));

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderrText()).isZero();
    }

    @Test
    void aPortInUseIsOneLineNamingThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            start("serve", "--host", "127.0.0.1", "--port", "0", "--http-port", Integer.toString(port), "--rtsp-port", "0",
                    "--source", "test", "--size", "320x240", "--fps", "10", "--status-interval", "0");

            assertFailsWithOneLine("edgecam: port " + port + " on 127.0.0.1 is already in use (another edgecam serve?): "
                    + "stop the program that uses it, or choose another port with --http-port");
        }
    }

    @Test
    void anAddressNotOnThisMachineIsOneLineSayingWhatToGive() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails locally, no packet is sent.
        start("serve", "--host", "192.0.2.1", "--port", "0", "--http-port", "0", "--rtsp-port", "0",
                "--source", "test", "--size", "320x240", "--fps", "10", "--status-interval", "0");

        assertFailsWithOneLine("edgecam: 192.0.2.1 is not an address of this machine, so serve cannot listen on it: "
                + "give --host one of this machine's addresses (ip -brief address lists them), or 0.0.0.0 for all of them");
    }

    @Test
    void aConfigFileIsReadAgainWhenItChangesAndOnSighupAndABadOneChangesNothing() throws Exception {
        Path config = dir.resolve("edgecam.yml");
        Files.writeString(config, DOOR_CONFIG, StandardCharsets.UTF_8);
        start("serve", "--config", config.toString());
        int port = awaitPort();
        awaitLog("config: " + config + " is read again when it changes, and on SIGHUP"); // not before: SIGHUP would end it

        sighup();
        awaitLog("config: " + config + " read again: nothing changed");
        Files.writeString(config, DOOR_CONFIG + "  - id: yard\n    source: test\n", StandardCharsets.UTF_8);
        awaitLog("config: " + config + " changed: cameras added: yard");
        awaitLog("config: camera yard started");
        Files.writeString(config, DOOR_CONFIG.replace("fps: 10", "fps: high"), StandardCharsets.UTF_8);
        awaitLog("config: not reloaded, the running config stays: " + config + ":9: cameras[0].fps: expected a number");

        try (LegacyTestClient client = LegacyTestClient.connect(port)) {
            client.send("0");
            assertThat(Jpegs.decode(client.readFrame(Duration.ofSeconds(10)))).isEqualTo(new Size(320, 240));
        }
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderrText()).isZero();
    }

    private void sighup() throws Exception {
        // bash's own kill: no procps needed
        Process kill = new ProcessBuilder("bash", "-c", "kill -HUP " + process.pid()).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private void awaitLog(String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .failFast("the server exited before logging: " + text, () -> !process.isAlive())
                .untilAsserted(() -> assertThat(stderrText()).contains(text));
    }

    /** The process exits non-zero, and besides its log lines it printed exactly {@code expected}: no stack trace. */
    private void assertFailsWithOneLine(String expected) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:\n%s", stderrText()).isEqualTo(1);
        List<String> notLog = lines().stream().filter(line -> !LOG_LINE.matcher(line).lookingAt()).toList();
        assertThat(notLog).as("stderr:\n%s", stderrText()).containsExactly(expected);
    }

    private void start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        // stderr goes to a file: Process.destroy() closes our ends of the child's pipes, which would lose
        // the shutdown log this test reads.
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderrFile.toFile()).start();
    }

    /** Waits for the log line that says where the legacy port listens. */
    private int awaitPort() throws IOException, InterruptedException {
        return awaitLogged(LISTENING);
    }

    /** Waits for a log line that {@code pattern} finds, and returns the port number it captured. */
    private int awaitLogged(Pattern pattern) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server never said where it listens; stderr:\n" + stderrText());
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
    }

    private String stderrText() throws IOException {
        return String.join("\n", lines());
    }
}
