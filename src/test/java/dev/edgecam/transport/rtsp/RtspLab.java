package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An edgecam server and FFmpeg clients in a {@link NetLab}, for the RTSP tests that need a LAN. */
final class RtspLab {

    static final String PYTHON = "/usr/bin/python3";
    static final int RTSP_PORT = 8554;
    static final int HTTP_PORT = 8080;
    /** Fetches a URL and prints the body. */
    private static final String FETCH = "import sys, urllib.request; "
            + "print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())";

    private RtspLab() {
    }

    /** Starts {@code edgecam serve} (the test pattern, 640x360 at 15 fps) in {@code host}; waits until RTSP listens. */
    static Process serve(NetLab lab, Host host, Path dir, String... more) throws Exception {
        Path log = dir.resolve("edgecam.log");
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--host", host.address(), "--source", "test",
                "--size", "640x360", "--fps", "15", "--rtsp-port", String.valueOf(RTSP_PORT),
                "--http-port", String.valueOf(HTTP_PORT), "--status-interval", "0"));
        args.addAll(List.of(more));
        Process server = lab.start(host, NetLab.edgecamCommand(args.toArray(String[]::new)), log);
        awaitLine(server, log, "RTSP: listening", Duration.ofSeconds(60));
        return server;
    }

    static void awaitLine(Process process, Path log, String line, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.readString(log).contains(line) && System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("still running: " + Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        assertThat(Files.readString(log)).as("'" + line + "' within " + within).contains(line);
    }

    /** FFmpeg playing {@code url} over {@code transport}: one {@code framecrc} line per decoded frame. */
    static List<String> ffmpegFrames(String transport, String url, int frames) {
        return List.of("timeout", "50", "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-rtsp_transport", transport, "-i", url, "-frames:v", String.valueOf(frames), "-f", "framecrc", "-");
    }

    static int decodedFrames(String output) {
        return (int) output.lines().filter(line -> line.matches("0,\\s*\\d+.*")).count();
    }

    /** FFmpeg's error lines (everything it printed at -loglevel error that is not a frame line). */
    static List<String> errors(String output) {
        return output.lines().filter(line -> !line.isBlank() && !line.startsWith("#") && !line.matches("0,.*"))
                .toList();
    }

    /** The RTSP clients' {@code reception} objects in {@code server}'s /state, fetched from {@code from}. */
    static List<com.fasterxml.jackson.databind.JsonNode> receptions(NetLab lab, Host from, Host server)
            throws Exception {
        NetLab.Result state = lab.run(from, Duration.ofSeconds(10), PYTHON, "-c", FETCH,
                "http://" + server.address() + ":" + HTTP_PORT + "/state");
        if (state.exitCode() != 0) {
            return List.of();
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.output()).findValues("reception");
    }

    /** The server's log, for a failure message. */
    static String tail(Process server, Path dir) throws IOException {
        return "\n--- edgecam (alive " + server.isAlive() + ") ---\n" + Files.readString(dir.resolve("edgecam.log"));
    }
}
