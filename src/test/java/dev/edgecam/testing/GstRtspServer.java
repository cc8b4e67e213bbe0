package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's own RTSP server (gst-rtsp-server through Debian's python3-gi, an RTSP stack nobody here wrote) serving
 * a live x264 stream on 127.0.0.1 at a free port: an IP camera for tests. Skips a test where it is missing, except in
 * CI, where it fails.
 */
public final class GstRtspServer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import sys, gi
            gi.require_version('Gst', '1.0')
            gi.require_version('GstRtspServer', '1.0')
            from gi.repository import Gst, GstRtspServer, GLib
            Gst.init(None)
            server = GstRtspServer.RTSPServer()
            server.set_address('127.0.0.1')
            server.set_service('0')
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(sys.argv[1])
            factory.set_shared(True)
            server.get_mount_points().add_factory('/cam', factory)
            server.attach(None)
            print(server.get_bound_port(), flush=True)
            GLib.MainLoop().run()
            """;

    private final Process process;
    private final int port;

    private GstRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves {@code rtsp://127.0.0.1:PORT/cam}: a live test pattern, x264 zero-latency, a keyframe every second. */
    public static GstRtspServer x264(Path dir, int width, int height, int fps) throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON, "-c",
                "import gi; gi.require_version('GstRtspServer', '1.0')").start().waitFor() == 0;
        if (System.getenv("CI") != null) {
            assertThat(installed).as("CI needs gir1.2-gst-rtsp-server-1.0 and python3-gi").isTrue();
        }
        assumeTrue(installed, "GStreamer's RTSP server for Python is not installed (gir1.2-gst-rtsp-server-1.0, python3-gi)");
        Path script = Files.writeString(dir.resolve("rtsp_server.py"), SCRIPT);
        String launch = "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=" + width + ",height=" + height
                + ",framerate=" + fps + "/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=" + fps
                + " ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 )";
        Process process = new ProcessBuilder(PYTHON, script.toString(), launch)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("GStreamer's RTSP server did not say its port within 20 s", e);
        }
        if (line == null || !line.trim().matches("\\d+")) {
            process.destroyForcibly();
            throw new IOException("GStreamer's RTSP server did not start: " + line);
        }
        return new GstRtspServer(process, Integer.parseInt(line.trim()));
    }

    public String url() {
        return "rtsp://127.0.0.1:" + port + "/cam";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
