package dev.edgecam.server;

import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceFactory;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.http.HttpOptions;
import dev.edgecam.transport.http.HttpServer;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.tcp.LegacyTcpServer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: source → capture loop (encode once) → hub → transports. Stages are built in flow
 * order and closed in reverse.
 */
public final class EdgecamServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgecamServer.class);

    private final ServerConfig config;
    private final SecurityConfig security;
    private AccessControl access;
    private final FrameHub hub = new FrameHub();
    private final PipelineStats stats = new PipelineStats();
    private final ClientRegistry clients = new ClientRegistry();
    private final Deque<AutoCloseable> stages = new ArrayDeque<>();
    private final CaptureLoop capture;
    private final LegacyTcpServer tcp;
    private final HttpServer http;
    private boolean closed;

    private EdgecamServer(ServerConfig config, SecurityConfig security, FrameSource source) throws SourceException {
        this.config = config;
        this.security = security;
        try {
            capture = own(openCapture(source));
            capture.start();
            NettyRuntime net = own(NettyRuntime.forThisMachine());
            access = security.accessControl();
            tcp = access.legacyPortOpen()
                    ? own(ListenFailure.explained(config.host(), config.tcpPort(), "--port",
                            () -> new LegacyTcpServer(net, hub, clients, config.host(), config.tcpPort(), access)))
                    : null;
            logAccess(access);
            http = config.httpPort() == ServerConfig.HTTP_OFF ? null
                    : own(ListenFailure.explained(config.host(), config.httpPort(), "--http-port",
                            () -> new HttpServer(net, hub, stats, capture, clients,
                                    HttpOptions.of(config.host(), config.httpPort(), security.limits())
                                            .withSettingsReadOnly(config.settingsReadOnly()), access,
                                    ownIfPresent(security.newAuthenticator(access)), security.tls())));
            if (!config.statusInterval().isZero()) {
                own(new StatusReporter(stats, clients, capture, config.statusInterval()));
            }
        } catch (SourceException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens the source and starts serving anyone. Throws with a one-line reason when a file source cannot be
     * opened; a camera or URL that cannot be opened yet does not stop the server (see {@link #openCapture}).
     */
    public static EdgecamServer start(ServerConfig config) throws SourceException {
        return start(config, SecurityConfig.open());
    }

    /** Opens the source and starts serving whom {@code security} allows; throws as {@link #start(ServerConfig)}. */
    public static EdgecamServer start(ServerConfig config, SecurityConfig security) throws SourceException {
        return new EdgecamServer(config, security,
                SourceFactory.create(config.source(), config.size(), config.fps()));
    }

    /**
     * Serves frames from {@code source}, not yet opened, instead of the one {@code config.source()} names: for a
     * stand-in camera in tests, or a program that embeds the server with a source of its own. The server owns
     * the source from now on and closes it.
     */
    public static EdgecamServer start(ServerConfig config, SecurityConfig security, FrameSource source)
            throws SourceException {
        return new EdgecamServer(config, security, source);
    }

    /**
     * Opens the source and puts a capture loop on it. A camera or URL that cannot be opened yet (a USB camera
     * that enumerates after the device booted, an IP camera rebooting after a power cut) starts the loop
     * offline: viewers get "no signal" and the source is retried with backoff until it opens, as when it fails
     * while running. A file that cannot be opened is a mistake in the command line, not a device that may
     * appear later, so it stops the start with the reason.
     */
    private CaptureLoop openCapture(FrameSource source) throws SourceException {
        try {
            source.open();
        } catch (SourceException e) {
            if (!mayAppearLater(source.kind())) {
                source.close();
                throw e;
            }
            return CaptureLoop.startingOffline(source, hub, stats, config.encode(), e.getMessage());
        }
        log.info("SOURCE: {}{}", source.describe(), config.source().kind() == SourceSpec.Kind.AUTO
                ? " (chosen automatically: " + (source.kind() == SourceSpec.Kind.TEST
                        ? "no camera at /dev/video0 yet; switching to it when it appears" : "camera found") + ")"
                : "");
        return new CaptureLoop(source, hub, stats, config.encode());
    }

    /** Cameras are plugged in and network cameras come back; a file, or the test pattern, does not appear later. */
    private static boolean mayAppearLater(SourceSpec.Kind kind) {
        return kind == SourceSpec.Kind.CAMERA || kind == SourceSpec.Kind.URL;
    }

    /** Says at start who may connect, and why the legacy port is off when it is. */
    private void logAccess(AccessControl access) {
        if (tcp == null) {
            log.info("TCP: legacy port is off: {}", security.authenticationOn()
                    ? "authentication is on and the legacy protocol has no room for credentials; "
                            + "open it for trusted addresses with --legacy-allow CIDR"
                    : "no address is allowed");
        } else if (!access.allowed().allowsAnyone() || security.legacyAllow() != null) {
            log.info("TCP: legacy port accepts only {}", access.legacyAllowedText());
        }
        if (!access.allowed().allowsAnyone()) {
            log.info("NET: accepting connections only from {}", access.allowed());
        }
        if (security.tls() != null) {
            log.info("TLS: HTTPS with {}; SHA-256 fingerprint {} (clients pin it with --tls-pin)",
                    security.tls().source(), security.tls().fingerprint());
        }
        if (security.authenticationOn()) {
            log.info("AUTH: HTTP needs a login ({} users: {}); public endpoints: {}", security.users().size(),
                    String.join(", ", security.users().names()), security.publicEndpoints());
        }
    }

    private <T extends AutoCloseable> T ownIfPresent(T stage) {
        return stage == null ? null : own(stage);
    }

    private <T extends AutoCloseable> T own(T stage) {
        stages.push(stage);
        return stage;
    }

    public ServerConfig config() {
        return config;
    }

    public FrameHub hub() {
        return hub;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Connections open right now on every port, admitted ones only (refused ones are closed at once). */
    public int openConnections() {
        return access == null ? 0 : access.limiter().open();
    }

    public ClientRegistry clients() {
        return clients;
    }

    public CaptureLoop capture() {
        return capture;
    }

    /** The legacy TCP port actually bound (useful when the config asked for port 0), or -1 when it is off. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.port();
    }

    /** The HTTP port actually bound (useful when the config asked for port 0); -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Stops every stage in reverse order: transports first, the camera last. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!stages.isEmpty()) {
            AutoCloseable stage = stages.pop();
            try {
                stage.close();
            } catch (Exception e) {
                log.warn("SERVER: closing {} failed: {}", stage.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
