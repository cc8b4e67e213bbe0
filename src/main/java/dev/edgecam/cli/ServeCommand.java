package dev.edgecam.cli;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.config.ConfigChange;
import dev.edgecam.config.ConfigException;
import dev.edgecam.config.ConfigFile;
import dev.edgecam.config.ConfigKeys;
import dev.edgecam.config.ConfigWatcher;
import dev.edgecam.config.Range;
import dev.edgecam.config.ServeSetup;
import dev.edgecam.config.ServerSettings;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.NativePreload;
import dev.edgecam.frame.Size;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
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

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /**
     * The exit code of a config file that cannot be used (missing, unreadable, a bad key or value, an auth file it
     * names that is missing): EX_CONFIG of sysexits.h, which the package's systemd unit lists in
     * {@code RestartPreventExitStatus=} so that a bad file is not restarted in a loop. Bad flags exit 2 (picocli's
     * usage error), a failed start 1 (a camera file that is missing, a port in use).
     */
    static final int EXIT_BAD_CONFIG = 78;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Read the server and its cameras from this YAML file instead of flags (the README's "
                    + "'Config file' section has an example and every key; each flag below is a key, --http-port "
                    + "is http_port). Give no other flag with it. A bad file stops the start with one line naming "
                    + "the line and key.")
    Path configFile;

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

    @Option(names = {"--port", "--legacy-port"}, paramLabel = "PORT",
            description = "Legacy TCP protocol port (0 picks a free one).")
    int port = LegacyProtocol.DEFAULT_PORT;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP port: MJPEG stream, snapshots, state, metrics and the live page; 0 turns HTTP off.")
    int httpPort = MjpegProtocol.DEFAULT_PORT;

    @Option(names = "--rtsp-port", paramLabel = "PORT",
            description = "RTSP port: H.264 at rtsp://HOST:PORT/ID per camera and rtsp://HOST:PORT/stream for the "
                    + "first, over UDP or TCP; 0 turns RTSP off.")
    int rtspPort = ServerSettings.DEFAULT_RTSP_PORT;

    @Option(names = "--onvif", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Answer ONVIF (Profile S) calls on the HTTP port and WS-Discovery probes, so NVRs find and add"
                    + " the camera (default); --no-onvif turns both off.")
    boolean onvif = true;

    @Option(names = "--status-interval", paramLabel = "SECONDS",
            description = "Seconds between status lines in the log; 0 turns them off.")
    int statusSeconds = 5;

    @Option(names = "--read-only-settings",
            description = "Refuse every change of quality, size and frame-rate cap over HTTP (PUT /settings gets 403; "
                    + "the page shows them read-only). Without it and without --auth, anyone who can reach the page "
                    + "may change the picture for everyone; with --auth, logged-in users may.")
    boolean readOnlySettings;

    @Option(names = "--publish", paramLabel = "URL", converter = Converters.PublishTargetConverter.class,
            description = "Push the camera's H.264 (as encoded, no second encode) to a media server: rtsp://HOST[:PORT]"
                    + "/PATH (RECORD over TCP), rtmp://HOST[:PORT]/APP/STREAM or srt://HOST:PORT; reconnects with "
                    + "backoff. Repeatable.")
    List<PublishTarget> publish = new ArrayList<>();

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Mixin
    H264Options h264 = new H264Options();

    @Mixin
    MulticastOptions multicast = new MulticastOptions();

    @Mixin
    RecordOptions record = new RecordOptions();

    @Mixin
    MotionOptions motion = new MotionOptions();

    @Mixin
    EventOptions events = new EventOptions();

    @Mixin
    MdnsOptions mdns = new MdnsOptions();

    @Override
    public Integer call() throws Exception {
        ServeSetup setup;
        SecurityConfig securityConfig;
        if (configFile != null) {
            String flagBesideFile = flagBesideConfigFile();
            if (flagBesideFile != null) {
                spec.commandLine().getErr().println("edgecam: " + flagBesideFile);
                return CommandLine.ExitCode.USAGE;
            }
            try {
                setup = ConfigFile.load(configFile);
                securityConfig = setup.server().security().toSecurityConfig();
            } catch (ConfigException | IllegalArgumentException e) {
                // One line, no usage text: the flags are fine, the file is not.
                spec.commandLine().getErr().println("edgecam: " + e.getMessage());
                return EXIT_BAD_CONFIG;
            }
        } else {
            setup = setupFromFlags();
            securityConfig = SecurityOptions.loaded(spec, setup.server().security());
        }
        // SIGHUP reloads the file; installed now so that one during start-up waits instead of ending the JVM.
        HangupSignal hangup = configFile == null ? null : HangupSignal.installEarly();
        try (hangup) {
            return serve(setup, securityConfig, hangup);
        }
    }

    private int serve(ServeSetup setup, SecurityConfig securityConfig, HangupSignal hangup) throws Exception {
        NativePreload.startInBackground();
        ShutdownSignal signal = ShutdownSignal.install();
        EdgecamServer server;
        try {
            server = EdgecamServer.start(setup.serverConfig(setup.firstCamera()), setup.cameras(), securityConfig);
        } catch (SourceException e) {
            spec.commandLine().getErr().println("edgecam: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("edgecam: " + e.getMessage());
            return 1;
        }
        ServeAdverts adverts;
        try {
            adverts = ServeAdverts.start(setup.server(), server, securityConfig.tls() != null, cameraIds(setup));
        } catch (IOException e) {
            server.close();
            spec.commandLine().getErr().println("edgecam: " + e.getMessage());
            return 1;
        }
        ConfigWatcher watcher = configFile == null ? null : watchConfig(setup, server, adverts);
        try (server; adverts; watcher) {
            if (watcher != null) {
                hangup.reloadWith(watcher::reload);
                log.info("config: {} is read again when it changes, and on SIGHUP", configFile);
            }
            signal.await();
        }
        return 0;
    }

    /** The file is read again when it changes and on SIGHUP; null when it cannot be watched (the server serves on). */
    private ConfigWatcher watchConfig(ServeSetup setup, EdgecamServer server, ServeAdverts adverts) {
        try {
            return ConfigWatcher.start(configFile, setup, change -> apply(change, server, adverts));
        } catch (IOException e) {
            log.warn("config: cannot watch {} ({}); changes need a restart", configFile, e.toString());
            return null;
        }
    }

    /**
     * Applies a valid changed file to the running server: its cameras at once (docs/design.md, "Reloading the config
     * file"). Server-wide keys are not applied by a running server: they are logged as needing a restart.
     */
    private static void apply(ConfigChange change, EdgecamServer server, ServeAdverts adverts) {
        List<String> restartKeys = new ArrayList<>(change.restartNeededFor());
        restartKeys.addAll(change.liveServerKeysChanged());
        if (!restartKeys.isEmpty()) {
            log.warn("config: restart needed for: {} (serving on with the values it started with)",
                    String.join(", ", restartKeys));
        }
        if (!change.added().isEmpty() || !change.removed().isEmpty() || !change.changed().isEmpty()
                || change.orderChanged()) {
            server.apply(change.after().cameras());
            adverts.update(cameraIds(change.after()));
        }
    }

    /**
     * The file says everything: a flag beside it is refused rather than silently winning or losing. Returns the
     * error for the first such flag, or null when there is none.
     */
    private String flagBesideConfigFile() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!option.longestName().equals("--config")) {
                return option.names()[0] + " cannot be given with --config; set "
                        + ConfigKeys.ofFlag(option.longestName()) + " in " + configFile + " instead";
            }
        }
        return null;
    }

    /** One camera, named {@code cam0}, from the flags. */
    private ServeSetup setupFromFlags() {
        Converters.requireRange(spec, "--fps", fps, Range.FPS);
        Converters.requireRange(spec, "--quality", quality, Range.QUALITY);
        Converters.requireRange(spec, "--port", port, Range.PORT);
        Converters.requireRange(spec, "--http-port", httpPort, Range.PORT);
        Converters.requireRange(spec, "--rtsp-port", rtspPort, Range.PORT);
        Converters.requireRange(spec, "--status-interval", statusSeconds, Range.STATUS_INTERVAL_SECONDS);
        try {
            PublishTarget.requireDistinct(publish);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--publish: " + e.getMessage());
        }
        ServerSettings server = new ServerSettings(host, httpPort, Duration.ofSeconds(statusSeconds), readOnlySettings,
                security.toSettings(spec), rtspPort, onvif, mdns.mode, mdns.servicesDir);
        return new ServeSetup(server, List.of(
                new CameraConfig(CameraConfig.FIRST_ID, source, size, fps,
                        EncodeSettings.defaults().withQuality(quality), port, h264.toSettings(spec),
                        multicast.toSettings(spec), record.toConfig(spec), events.toOutputs(spec),
                        motion.toConfig(spec), publish)));
    }

    private static List<String> cameraIds(ServeSetup setup) {
        return setup.cameras().stream().map(CameraConfig::id).toList();
    }
}
