package dev.edgecam.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GStreamer's gst-rtsp-server, an RTSP server nobody here wrote, serving one launch line on a free loopback port:
 * {@code bench/gst_rtsp_server.py} run by Debian's {@code /usr/bin/python3} (the benchmark runs the same script).
 *
 * <p>Without Debian's {@code gir1.2-gst-rtsp-server-1.0} and {@code python3-gi} a test using it is skipped locally
 * and fails in CI ({@code CI=true}), where {@code .ci/run} installs them.
 */
public final class GstRtspServer implements AutoCloseable {

    /** A live 1280x720 30 fps ball in openh264 at 2 Mbit/s with a keyframe every second, as the issue's benchmark. */
    public static final String BALL_720P = "( videotestsrc is-live=true pattern=ball ! "
            + "video/x-raw,width=1280,height=720,framerate=30/1 ! openh264enc bitrate=2000000 gop-size=30 ! "
            + "h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )";
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("bench", "gst_rtsp_server.py");
    static final long START_TIMEOUT_MILLIS = 30_000;
    private static final Pattern LISTENING = Pattern.compile("LISTENING (rtsp://\\S+)");
    private static Boolean installed;

    private final Process process;
    private final Path log;
    private final String url;

    private GstRtspServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** A shared live 720p ball at {@code rtsp://127.0.0.1:PORT/test}, no login. */
    public static GstRtspServer start(Path directory) throws Exception {
        return start(directory, BALL_720P, true, null, null);
    }

    /**
     * Starts the server with {@code launch} (a gst-launch line in parentheses whose payloader is {@code pay0}),
     * one pipeline for every viewer when {@code shared}, asking for Basic auth when {@code user} is given, and
     * waits until it listens.
     */
    public static GstRtspServer start(Path directory, String launch, boolean shared, String user, String password)
            throws Exception {
        assumeInstalled();
        Path log = Files.createTempFile(directory, "gst-rtsp-server", ".log");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script().toString(), "--port", "0"));
        if (shared) {
            command.add("--shared");
        }
        if (user != null) {
            command.addAll(List.of("--user", user, "--password", password));
        }
        command.add(launch);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GstRtspServer server = new GstRtspServer(process, log, awaitListening(process, log));
        return server;
    }

    /**
     * A shared live ball of {@code width}x{@code height} at {@code fps} in x264 (zero latency, constrained baseline),
     * a keyframe every second: an IP camera whose H.264 carries x264's own SEI, so a test can tell it was not
     * re-encoded.
     */
    public static GstRtspServer x264(Path directory, int width, int height, int fps) throws Exception {
        return start(directory, "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=" + width + ",height="
                + height + ",framerate=" + fps + "/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max="
                + fps + " ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 )", true, null, null);
    }

    /** {@code rtsp://127.0.0.1:PORT/test}. */
    public String url() {
        return url;
    }

    /** The URL with {@code user:password@} in it. */
    public String url(String user, String password) {
        return url.replace("rtsp://", "rtsp://" + user + ":" + password + "@");
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the server printed so far (GStreamer's warnings included). */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String awaitListening(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            Matcher listening = LISTENING.matcher(printed);
            if (listening.find()) {
                return listening.group(1);
            }
            if (!process.isAlive()) {
                throw new IOException("gst_rtsp_server.py exited with " + process.exitValue() + " before listening:\n" + printed);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("gst_rtsp_server.py did not listen within " + START_TIMEOUT_MILLIS / 1000 + " s:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** bench/gst_rtsp_server.py of this project. */
    static Path script() {
        Path script = Path.of(System.getProperty("user.dir")).resolve(SCRIPT).toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": run the tests from the project's folder");
        }
        return script;
    }

    /** Skips the test locally, and fails it in CI, when GStreamer's RTSP server cannot be imported by python3. */
    static synchronized void assumeInstalled() throws IOException, InterruptedException {
        if (installed == null) {
            installed = Files.isExecutable(PYTHON) && imports();
        }
        String missing = PYTHON + " cannot import GstRtspServer: install Debian's gir1.2-gst-rtsp-server-1.0, python3-gi "
                + "and gstreamer1.0-plugins-bad (openh264enc) (.ci/run does)";
        if (!installed) {
            H264TestStream.skipLocallyFailInCi(missing);
        }
    }

    private static boolean imports() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import gi; gi.require_version('GstRtspServer', '1.0'); "
                + "from gi.repository import GstRtspServer").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return false;
        }
        return check.exitValue() == 0;
    }
}
