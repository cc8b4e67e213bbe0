package dev.edgecam.cli;

import dev.edgecam.bench.BenchConfig;
import dev.edgecam.bench.BenchReport;
import dev.edgecam.bench.BenchTarget;
import dev.edgecam.client.receive.RtspTransport;
import dev.edgecam.bench.LoadGenerator;
import dev.edgecam.bench.ProcessProbe;
import dev.edgecam.bench.ReportFormatter;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edgecam bench}: opens many stream clients against a server and reports what they got. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Load-test a server: open many stream clients at the same moment and report frame rates, "
                + "skipped frames, latency, bytes/s, time to first frame and, for a local server (--server-pid), "
                + "its CPU per delivered frame and memory.",
            "Targets: HOST:PORT for the legacy TCP protocol, http://HOST:PORT/stream for HTTP, rtsp://HOST:PORT/ID for RTSP "
                + "(H.264 over RTP; adds lost packets and the time from PLAY to the first keyframe), "
                + "ws://HOST:PORT/h264 or /cam/ID/h264[?format=annexb|fmp4] for the page's H.264 WebSocket; "
                + "several targets share the clients in turn (a tcp and an http target give a mixed run)."},
        showDefaultValues = true)
final class BenchCommand implements Callable<Integer> {

    static final int MAX_CLIENTS = 10_000;
    static final Duration MAX_DURATION = Duration.ofDays(1);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TARGET", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "HOST:PORT (tcp), http://HOST:PORT/stream (http), rtsp://HOST:PORT/ID (rtsp), "
            + "ws://HOST:PORT/h264 (the page's H.264, annexb or ?format=fmp4), or a "
            + "camera's name on the LAN (door@shop-pi; its MJPEG stream).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--transport", paramLabel = "tcp|http",
            description = "Protocol for HOST:PORT targets; by default tcp, and http for http:// URLs.")
    BenchTarget.Transport transport;

    @Option(names = "--rtsp-transport", paramLabel = "tcp|udp", converter = Converters.RtspTransportConverter.class,
            defaultValue = "tcp", description = "For rtsp:// targets: RTP interleaved in each viewer's TCP connection, or over "
                    + "each viewer's own UDP port pair.")
    RtspTransport rtspTransport;

    @Option(names = "--clients", paramLabel = "N", description = "Connections opened at the same moment (1 to " + MAX_CLIENTS + ").")
    int clients = 1;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class, defaultValue = "10s",
            description = "How long to measure, after the warm-up: 20s, 500ms, 2m.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", converter = DurationConverter.class, defaultValue = "3s",
            description = "How long the clients stream, once every one has its first frame, before measuring starts:"
                    + " a Java server is still compiling the code the new load runs for a few seconds, and that one-off"
                    + " cost is not the cost per frame. 0s measures at once.")
    Duration warmup;

    @Option(names = "--connect-timeout", paramLabel = "D", converter = DurationConverter.class, defaultValue = "10s",
            description = "How long to wait for every client's first frame before measuring anyway.")
    Duration connectTimeout;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads of the load generator (1 to 64); one carries hundreds of clients.")
    int threads = 1;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process id on this machine: adds its CPU per delivered frame, GC share and memory.")
    long serverPid;

    @Option(names = "--state", paramLabel = "URL",
            description = "The server's /state, for the rate it published and the frames it skipped per client "
                    + "(the legacy protocol carries no sequence numbers). Default: /state beside the first http or ws target.")
    String stateUrl;

    @Option(names = "--no-state", description = "Do not read the server's /state.")
    boolean noState;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES", description = "Largest frame accepted.")
    int maxFrameBytes = LegacyProtocol.DEFAULT_MAX_FRAME_BYTES;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BenchConfig config = validatedConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchReport report;
        try {
            report = new LoadGenerator(config).run();
        } catch (IOException e) {
            err.println("edgecam bench: cannot read the server's CPU and memory: " + e.getMessage());
            return 1;
        }
        out.print(json ? ReportFormatter.json(report) + System.lineSeparator() : ReportFormatter.table(report));
        out.flush();
        if (report.overall().receiving() == 0) {
            err.println("edgecam bench: no client received a frame; is a server running at "
                    + String.join(" ", report.targets()) + "?");
            return 1;
        }
        return 0;
    }

    private void requirePositive(String option, Duration value) {
        if (value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
                    + "give more than 0 and at most 24h");
        }
    }

    private BenchConfig validatedConfig() {
        List<BenchTarget> parsed = new ArrayList<>();
        for (String target : targets) {
            try {
                parsed.add(BenchTarget.parse(ServerAddressConverter.resolvingNames(target), transport,
                        rtspTransport == RtspTransport.UDP));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid target: " + e.getMessage());
            }
        }
        requirePositive("--duration", duration);
        requirePositive("--connect-timeout", connectTimeout);
        requireRange("--clients", clients, 1, MAX_CLIENTS);
        requireRange("--threads", threads, 1, 64);
        requireRange("--max-frame-bytes", maxFrameBytes, 1024, Integer.MAX_VALUE);
        if (serverPid < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--server-pid': " + serverPid
                    + " is no process id");
        }
        if (serverPid > 0 && !new ProcessProbe(serverPid).available()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--server-pid': cannot read /proc/"
                    + serverPid + "/stat; give the pid of a server running on this Linux machine, or leave the option out");
        }
        return new BenchConfig(parsed, clients, duration, warmup, connectTimeout, threads, maxFrameBytes, serverPid, stateUri(parsed));
    }

    /** The --state URL, or /state beside the first http target, or none. */
    private URI stateUri(List<BenchTarget> parsed) {
        if (noState) {
            return null;
        }
        if (stateUrl != null) {
            try {
                URI uri = new URI(stateUrl.trim());
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(stateUrl, "not an http URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--state': '" + stateUrl
                        + "' is not an http URL; write it like http://127.0.0.1:8080/state");
            }
        }
        return parsed.stream().filter(t -> t.transport() == BenchTarget.Transport.HTTP || t.transport().isWebSocket()).findFirst()
                .map(t -> URI.create("http://" + t.hostForUrl() + ":" + t.port() + "/state")).orElse(null);
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), String.format(
                    "Invalid value for option '%s': %d is out of range; use %d to %d", option, value, min, max));
        }
    }
}
