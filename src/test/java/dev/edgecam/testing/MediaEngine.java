package dev.edgecam.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A media server nobody here wrote, run by a test on loopback to take what a camera publishes, and a URL that
 * Debian's ffmpeg reads the stream back from:
 * <ul>
 *   <li>{@link #gstRtspRecord}: GStreamer's gst-rtsp-server in RECORD mode ({@code bench/gst_rtsp_server.py
 *       --record}), passing what it receives on as MPEG-TS over UDP to the reader;</li>
 *   <li>{@link #nginxRtmp}: Debian's nginx with the RTMP module (libnginx-mod-rtmp), which the reader plays from;</li>
 *   <li>{@link #srtLiveTransmit}: {@code srt-live-transmit} (srt-tools) listening for SRT, forwarding MPEG-TS over
 *       UDP to the reader.</li>
 * </ul>
 * {@link #restart()} kills the server (SIGKILL: it goes away without a goodbye) and starts it again on the same
 * ports. A missing engine skips the test locally and fails it in CI, where {@code .ci/run} installs it.
 */
public final class MediaEngine implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final long READ_SIZE_TIMEOUT_SECONDS = 20;
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path NGINX_RTMP = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
    private static final Path SRT_LIVE_TRANSMIT = Path.of("/usr/bin/srt-live-transmit");

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int tcpPort;
    private final String readyText;
    private final String publishUrl;
    private final String readUrl;
    private Process process;

    private MediaEngine(String name, List<String> command, Path log, int tcpPort, String readyText, String publishUrl,
                        String readUrl) {
        this.name = name;
        this.command = command;
        this.log = log;
        this.tcpPort = tcpPort;
        this.readyText = readyText;
        this.publishUrl = publishUrl;
        this.readUrl = readUrl;
    }

    /** gst-rtsp-server taking {@code rtsp://127.0.0.1:PORT/door} (RECORD), read back as MPEG-TS on a UDP port. */
    public static MediaEngine gstRtspRecord(Path dir) throws Exception {
        return gstRtspRecord(dir, null, null);
    }

    /** As {@link #gstRtspRecord(Path)}, taking streams only from {@code user} with {@code password} (Basic). */
    public static MediaEngine gstRtspRecord(Path dir, String user, String password) throws Exception {
        GstRtspServer.assumeInstalled();
        int port = freeTcpPort();
        int udp = freeUdpPort();
        List<String> command = new ArrayList<>(List.of(GstRtspServer.PYTHON.toString(),
                GstRtspServer.script().toString(), "--port", Integer.toString(port), "--path", "/door", "--record"));
        if (user != null) {
            command.addAll(List.of("--user", user, "--password", password));
        }
        command.add("( rtph264depay name=depay0 ! h264parse ! mpegtsmux ! udpsink host=127.0.0.1 port=" + udp
                + " sync=false )");
        return new MediaEngine("gst-rtsp-server", command, dir.resolve("gst-rtsp-server.log"), port, "LISTENING",
                "rtsp://127.0.0.1:" + port + "/door", udpUrl(udp)).start();
    }

    /** nginx with the RTMP module taking and serving {@code rtmp://127.0.0.1:PORT/live/door}. */
    public static MediaEngine nginxRtmp(Path dir) throws Exception {
        requireInstalled(NGINX, "nginx-light (or any nginx)");
        requireInstalled(NGINX_RTMP, "libnginx-mod-rtmp");
        int port = freeTcpPort();
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, "load_module " + NGINX_RTMP + ";\n"
                + "daemon off;\nmaster_process off;\npid " + dir.resolve("nginx.pid") + ";\nerror_log stderr info;\n"
                + "events { worker_connections 64; }\n"
                + "rtmp { server { listen 127.0.0.1:" + port + "; application live {\n"
                + "  live on; record off; wait_key on; wait_video on; } } }\n");
        String url = "rtmp://127.0.0.1:" + port + "/live/door";
        return new MediaEngine("nginx", List.of(NGINX.toString(), "-p", dir.toString(), "-c", config.toString(),
                "-e", "stderr"), dir.resolve("nginx.log"), port, null, url, url).start();
    }

    /** srt-live-transmit listening at {@code srt://127.0.0.1:PORT}, forwarding MPEG-TS to a UDP port. */
    public static MediaEngine srtLiveTransmit(Path dir) throws Exception {
        requireInstalled(SRT_LIVE_TRANSMIT, "srt-tools");
        int port = freeUdpPort();
        int udp = freeUdpPort();
        return new MediaEngine("srt-live-transmit", List.of(SRT_LIVE_TRANSMIT.toString(), "-v",
                "srt://127.0.0.1:" + port + "?mode=listener", "udp://127.0.0.1:" + udp),
                dir.resolve("srt-live-transmit.log"), -1, "listen...", "srt://127.0.0.1:" + port, udpUrl(udp)).start();
    }

    /** Where a camera publishes to. */
    public String publishUrl() {
        return publishUrl;
    }

    /** Where Debian's ffmpeg reads the published stream back. */
    public String readUrl() {
        return readUrl;
    }

    /**
     * Runs Debian's ffmpeg on {@link #readUrl()} until it decoded {@code wanted} frames or {@code timeoutSeconds}
     * passed, and returns how many it decoded (one {@code framecrc} line per decoded picture).
     */
    public int decodedFrames(int wanted, long timeoutSeconds) throws IOException, InterruptedException {
        ToolRun run = ToolRun.run(timeoutSeconds, "ffmpeg", "-nostdin", "-v", "error", "-i", readUrl, "-frames:v",
                Integer.toString(wanted), "-f", "framecrc", "-");
        return (int) run.output().lines().filter(line -> line.matches("^0,\\s.*")).count();
    }

    /** The picture size ({@code WxH}) of the first frames ffmpeg decodes from {@link #readUrl()} now, or "" if none. */
    public String decodedDimensions() throws IOException, InterruptedException {
        ToolRun run = ToolRun.run(READ_SIZE_TIMEOUT_SECONDS, "ffmpeg", "-nostdin", "-v", "error", "-i", readUrl,
                "-frames:v", "3", "-f", "framecrc", "-");
        return run.output().lines().filter(line -> line.startsWith("#dimensions 0: ")).findFirst()
                .map(line -> line.substring("#dimensions 0: ".length()).strip()).orElse("");
    }

    /** Kills the server (no goodbye to anyone) and starts it again on the same ports. */
    public void restart() throws IOException, InterruptedException {
        kill();
        start();
    }

    /** Stops the server's process (SIGSTOP): it takes nothing more from its sockets until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@link #pause() paused} server run on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        ToolRun run = ToolRun.run(10, "kill", which, Long.toString(process.pid()));
        if (run.exitCode() != 0) {
            throw new IOException("kill " + which + " " + name + " failed: " + run.output());
        }
    }

    /** Everything the server printed so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private MediaEngine start() throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " at start:\n" + log());
            }
            if (readyText != null ? log().contains(readyText) : accepts(tcpPort)) {
                return this;
            }
            Thread.sleep(50);
        }
        kill();
        throw new IOException(name + " was not ready within " + START_TIMEOUT_MILLIS + " ms:\n" + log());
    }

    private void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** MPEG-TS on a loopback UDP port, with room for a burst. */
    private static String udpUrl(int port) {
        return "udp://127.0.0.1:" + port + "?fifo_size=1000000&overrun_nonfatal=1";
    }

    private static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.exists(binary)) {
            H264TestStream.skipLocallyFailInCi(binary + " is missing: install Debian's " + debianPackage
                    + " (.ci/run does)");
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
