package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code edgecam bench} for real: an in-process server on loopback, real sockets, the report checked. */
@Timeout(90)
class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private EdgecamServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private int bench(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void twoTcpClientsForTwoSecondsGetSaneNumbers() throws Exception {
        server = EdgecamServer.start(ServerConfig.testPatternOnLoopback().withSize(new Size(320, 240), 30));
        long pid = ProcessHandle.current().pid();

        long started = System.nanoTime();
        int exit = bench("127.0.0.1:" + server.tcpPort(), "--clients", "2", "--duration", "2s", "--warmup", "2s", "--json",
                "--server-pid", Long.toString(pid));
        double tookSeconds = (System.nanoTime() - started) / 1e9;

        String json = out.toString();
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(json).contains("\"targets\":[\"127.0.0.1:" + server.tcpPort() + "\"]", "\"failures\":{}");
        assertThat(number(json, "windowSeconds")).isBetween(1.9, 4.0);
        assertThat(tookSeconds).as("warm-up and window, one after the other").isGreaterThan(4.0);
        assertThat(number(json, "receiving")).isEqualTo(2);
        // The test pattern runs at 30 fps; a loaded machine may give fewer, and one frame more in the window adds 0.5 fps.
        assertThat(number(json, "median")).isBetween(5.0, 35.0);
        assertThat(number(json, "frames")).isBetween(20.0, 2 * 31 * 4.0);
        assertThat(number(json, "bytesPerSecond")).isGreaterThan(10_000);
        assertThat(json).contains("\"skipped\":null", "\"p99\":null");
        assertThat(json).containsPattern("\"firstFrameMillis\":\\{\"min\":[0-9.]+,");
        assertThat(json).containsPattern("\"server\":\\{\"pid\":" + pid + ",\"total\":\\{\"percentOfCore\":[0-9.]+,");
        assertThat(number(json, "rssKb")).isGreaterThan(10_000);
        assertThat(number(json, "jitPercentOfCpu")).isBetween(0.0, 100.0);
        // The warm-up streamed before the window: 2 clients for 2 s at 5 fps or more (a loaded machine), beyond
        // the frames counted in the window; without it only the first frames and a few after the window would be.
        assertThat(server.clients().totalFramesSent() - (long) number(json, "frames"))
                .as("frames sent outside the window").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aMixedRunGetsLatencyAndSkipsOverHttpAndTheServersOwnCountsFromState() throws Exception {
        server = EdgecamServer.start(ServerConfig.testPatternOnLoopback().withSize(new Size(320, 240), 30));
        String url = "http://127.0.0.1:" + server.httpPort() + "/stream";

        int exit = bench("127.0.0.1:" + server.tcpPort(), url, "--clients", "2", "--duration", "2s", "--warmup", "0s", "--json");

        String json = out.toString();
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(json).contains("\"failures\":{}");
        assertThat(number(json, "publishedFps")).as("the test pattern's rate, from /state").isBetween(5.0, 35.0);
        String http = json.substring(json.indexOf("{\"transport\":\"http\""), json.indexOf("{\"transport\":\"tcp\""));
        String tcp = json.substring(json.indexOf("{\"transport\":\"tcp\""), json.indexOf("{\"transport\":\"all\""));
        assertThat(number(http, "receiving")).isEqualTo(1);
        assertThat(number(http, "skipped")).as("by X-Sequence gaps").isBetween(0.0, 60.0);
        // Capture to receipt on one machine: more than nothing, far less than the run.
        assertThat(number(http, "p50")).isBetween(0.0, 2_000.0);
        assertThat(number(http, "p99")).isGreaterThanOrEqualTo(number(http, "p50")).isLessThan(2_000.0);
        assertThat(number(tcp, "receiving")).isEqualTo(1);
        assertThat(tcp).contains("\"skipped\":null,\"serverSkipped\":").contains("\"p99\":null");
        assertThat(number(tcp, "serverSkipped")).as("the server's count for this client").isBetween(0.0, 60.0);
    }

    @Test
    void tableIsTheDefault() throws Exception {
        server = EdgecamServer.start(ServerConfig.testPatternOnLoopback().withSize(new Size(320, 240), 30));
        int exit = bench("127.0.0.1:" + server.tcpPort(), "--duration", "500ms", "--warmup", "0s");
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("edgecam bench: 1 clients, ")
                .containsPattern("\ntcp +1/1 +[0-9.]+/[0-9.]+/[0-9.]+ +n/a/n/a +n/a ");
    }

    @Test
    void noServerMeansExitOneAndTheReason() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int exit = bench("127.0.0.1:" + port, "--clients", "3", "--duration", "100ms", "--warmup", "0s", "--connect-timeout", "3s");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("\ntcp +0/3 ").contains("failed: 3 x cannot connect to 127.0.0.1:" + port);
        assertThat(err.toString()).contains("no client received a frame");
    }

    @Test
    void badOptionsAreRefusedWithWhatToWrite() {
        assertThat(bench("localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid target: 'localhost' has no port");
        assertThat(bench("localhost:6810", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(bench("localhost:6810", "--clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("'--clients': 0 is out of range; use 1 to 10000");
        assertThat(bench("localhost:6810", "--server-pid", Integer.toString(Integer.MAX_VALUE))).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read /proc/" + Integer.MAX_VALUE + "/stat");
    }

    /** The first number after {@code "key":} in the JSON. */
    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.]+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
