package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * The real original Python edge server ({@code shared/original/run_server.py}: {@code server.py} unchanged, on
 * 127.0.0.1, with a synthetic camera), run by Debian's {@code /usr/bin/python3} on a free port.
 *
 * <p>Its state is shared by every connection and a {@code 2} stops it for everyone, so a test starts one per
 * test. It ignores SIGTERM once a client has connected: {@link #close()} kills it with SIGKILL.
 *
 * <p>Without Debian's {@code python3-opencv}, or without {@code shared/original/} above the project, a test using
 * it is skipped locally, and fails in CI ({@code CI=true}), where {@code .ci/run} installs the one and the other
 * sits beside the repository.
 */
public final class OriginalServer implements AutoCloseable {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Where the original system lives, relative to a folder above the project (the repository's parent in CI). */
    static final Path SCRIPT = Path.of("shared", "original", "run_server.py");
    /** What server.py prints once it listens. */
    static final String LISTENING = "Server started, waiting for connections...";
    /** What server.py prints after each frame it sent. */
    static final String IMAGE_SENT = "Image sent.";
    static final long START_TIMEOUT_MILLIS = 30_000;
    static final int START_ATTEMPTS = 3;
    /**
     * The server's receive thread logs each command while its send thread logs "Image sent." and the like; Python's
     * print writes the text and its newline separately, so another thread's message can land right after the
     * command on the same line ("Received command: qImage sent."). The command is what comes before such a message.
     */
    private static final Pattern RECEIVED = Pattern.compile(
            "Received command: (.*?)(?:Image sent\\.|Failed to encode image|Error sending image:.*|FPS: .*"
                    + "|Video stream mode (?:started|stopped)\\.)?$", Pattern.MULTILINE);

    private static Boolean openCvInstalled;

    private final Process process;
    private final Path log;
    private final int port;
    private final int width;
    private final int height;

    private OriginalServer(Process process, Path log, int port, int width, int height) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.width = width;
        this.height = height;
    }

    /** Starts the server with a camera of {@code width}x{@code height} at {@code fps}, and waits until it listens. */
    public static OriginalServer start(Path directory, int width, int height, int fps) throws Exception {
        Path script = script();
        assumeOpenCvInstalled();
        IOException last = null;
        // The free port is found by binding and releasing it, so another process may take it first: try again.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path log = directory.resolve("original-server-" + attempt + ".log");
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("ORIGINAL_PORT", Integer.toString(port));
            builder.environment().put("CAMERA_SIZE", width + "x" + height);
            builder.environment().put("CAMERA_FPS", Integer.toString(fps));
            builder.environment().put("PYTHONUNBUFFERED", "1"); // its prints reach the log at once
            OriginalServer server = new OriginalServer(builder.start(), log, port, width, height);
            try {
                server.awaitListening();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as the client commands take it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Everything the server printed so far. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Every command as the server read it: one {@code recv()} each, so two command bytes that arrived together
     * show as one entry such as {@code 30}, which the server answered with text instead of a frame.
     */
    public List<String> commandsReceived() throws IOException {
        Matcher matcher = RECEIVED.matcher(log());
        return matcher.results().map(m -> m.group(1)).toList();
    }

    /**
     * How many frames the server sent ("Image sent." in its log) before it read {@code command} (the first time), or
     * in all when it never read it: what a client streaming until it sent {@code command} could have received.
     */
    public int framesSentBefore(String command) throws IOException {
        String printed = log();
        int read = printed.indexOf("Received command: " + command);
        String before = read < 0 ? printed : printed.substring(0, read);
        return before.split(Pattern.quote(IMAGE_SENT), -1).length - 1;
    }

    /**
     * Asserts that the server read every command byte on its own: two that arrived together (such as {@code 30}
     * or {@code 10}) are an unknown command to it, answered with the text "Unknown command" in the frame stream.
     */
    public void assertEveryCommandReadAlone() throws IOException {
        assertThat(commandsReceived()).as("commands as the original server read them:\n" + log()).isNotEmpty()
                .allSatisfy(command -> assertThat(command).hasSize(1));
    }

    /** Asserts that {@code jpeg} is a picture of this server's camera: a JPEG that decodes to the camera's size. */
    public void assertCameraPicture(byte[] jpeg) throws IOException {
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(picture).as("a decodable JPEG").isNotNull();
        assertThat(picture.getWidth()).isEqualTo(width);
        assertThat(picture.getHeight()).isEqualTo(height);
    }

    /** Kills the server (SIGKILL: it ignores SIGTERM once a client connected) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            String printed = log();
            if (printed.contains(LISTENING)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the original server exited with " + process.exitValue() + " before listening on port "
                        + port + ":\n" + printed);
            }
            Thread.sleep(50);
        }
        throw new IOException("the original server did not listen on port " + port + " within "
                + START_TIMEOUT_MILLIS / 1000 + " s:\n" + log());
    }

    /** run_server.py in {@code shared/original/} beside the project or one of the folders above it. */
    static Path script() {
        Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = project.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        skipLocallyFailInCi(false, "the original Python server is missing: no " + SCRIPT + " in "
                + project.getParent() + " or a folder above it (CI keeps it at ../shared/original/ beside the repository)");
        throw new AssertionError("unreachable: skipLocallyFailInCi(false, ...) always throws");
    }

    /** Skips the test locally, and fails it in CI, when Debian's python3-opencv (with python3-numpy) is missing. */
    private static synchronized void assumeOpenCvInstalled() throws IOException, InterruptedException {
        if (openCvInstalled == null) {
            openCvInstalled = Files.isExecutable(PYTHON) && imports(PYTHON, "cv2", "numpy");
        }
        String missing = PYTHON + " cannot import cv2 and numpy: install Debian's python3-opencv and python3-numpy"
                + " (.ci/run does)";
        skipLocallyFailInCi(openCvInstalled, missing);
    }

    /**
     * Does nothing when {@code present}; otherwise skips the test on a developer's machine (a clone without
     * {@code ../shared}, or without Debian's OpenCV) and fails it in CI ({@code CI=true}), where both must be there.
     */
    private static void skipLocallyFailInCi(boolean present, String missing) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(present, missing);
    }

    private static boolean imports(Path python, String... modules) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(python.toString(), "-c", "import " + String.join(", ", modules))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return false;
        }
        return check.exitValue() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
