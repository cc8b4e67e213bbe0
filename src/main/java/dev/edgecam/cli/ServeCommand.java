package dev.edgecam.cli;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.NativePreload;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edgecam serve}: captures from a camera, file, URL or test pattern and serves every client. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Serve live video from a camera, file, URL or the built-in test pattern.",
            "Speaks the legacy TCP protocol of the original edge server, and HTTP (MJPEG stream, snapshots, "
                    + "state, metrics and a live page) like mjpg-streamer and uStreamer."},
        showDefaultValues = true)
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SOURCE", converter = Converters.SourceConverter.class,
            description = "auto, test, camera[:INDEX|:DEVICE], file:PATH or url:URL. "
                    + "auto uses /dev/video0 when present, else the test pattern until it appears. A camera or URL that cannot "
                    + "be opened yet shows 'no signal' and is retried until it opens; a file must exist.")
    SourceSpec source = SourceSpec.auto();

    @Option(names = "--size", paramLabel = "WxH", converter = Converters.SizeConverter.class,
            description = "Picture size of the test pattern, and the size asked of a camera.")
    Size size = new Size(1280, 720);

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
            description = "Frame rate of the test pattern, and the rate asked of a camera (1 to 240).")
    double fps = 30;

    @Option(names = "--quality", paramLabel = "Q", description = "JPEG quality of encoded frames (1 to 100).")
    int quality = EncodeSettings.DEFAULT_QUALITY;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (0.0.0.0 for every interface).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT", description = "Legacy TCP protocol port (0 picks a free one).")
    int port = LegacyProtocol.DEFAULT_PORT;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP port: MJPEG stream, snapshots, state, metrics and the live page; 0 turns HTTP off.")
    int httpPort = MjpegProtocol.DEFAULT_PORT;

    @Option(names = "--status-interval", paramLabel = "SECONDS",
            description = "Seconds between status lines in the log; 0 turns them off.")
    int statusSeconds = 5;

    @Option(names = "--read-only-settings",
            description = "Refuse every change of quality, size and frame-rate cap over HTTP (PUT /settings gets 403; "
                    + "the page shows them read-only). Without it and without --auth, anyone who can reach the page "
                    + "may change the picture for everyone; with --auth, logged-in users may.")
    boolean readOnlySettings;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Override
    public Integer call() throws Exception {
        NativePreload.startInBackground();
        ServerConfig config = validatedConfig();
        SecurityConfig securityConfig = security.toConfig(spec);
        ShutdownSignal signal = ShutdownSignal.install();
        EdgecamServer server;
        try {
            server = EdgecamServer.start(config, securityConfig);
        } catch (SourceException e) {
            spec.commandLine().getErr().println("edgecam: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("edgecam: " + e.getMessage());
            return 1;
        }
        try (server) {
            signal.await();
        }
        return 0;
    }

    private ServerConfig validatedConfig() {
        requireRange("--fps", fps, 1, EncodeSettings.MAX_FPS_LIMIT);
        requireRange("--quality", quality, 1, 100);
        requireRange("--port", port, 0, 65535);
        requireRange("--http-port", httpPort, 0, 65535);
        requireRange("--status-interval", statusSeconds, 0, 3600);
        return new ServerConfig(source, size, fps, new EncodeSettings(quality, null, 0), host, port,
                Duration.ofSeconds(statusSeconds), httpPort == 0 ? ServerConfig.HTTP_OFF : httpPort, readOnlySettings);
    }

    private void requireRange(String option, double value, double min, double max) {
        if (value < min || value > max || Double.isNaN(value)) {
            throw new ParameterException(spec.commandLine(), String.format(
                    "Invalid value for option '%s': %s is out of range; use %s to %s",
                    option, Converters.plain(value), Converters.plain(min), Converters.plain(max)));
        }
    }
}
