package dev.edgecam.server;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceFactory;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.http.HttpOptions;
import dev.edgecam.transport.http.HttpServer;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.tcp.LegacyTcpServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: cameras (source → capture loop, encode once → hub) → transports. Stages are built in flow
 * order and closed in reverse: transports first, cameras last.
 *
 * <p>It serves one or more cameras. The first answers the unprefixed URLs ({@code /stream}) and, by default, legacy
 * port 6810; every camera has its {@code /cam/ID/} URLs, and its own legacy port when its config gives one.
 */
public final class EdgecamServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgecamServer.class);

    private final ServerConfig config;
    private final SecurityConfig security;
    private AccessControl access;
    private final Deque<AutoCloseable> stages = new ArrayDeque<>();
    private final List<ServedCamera> served = new ArrayList<>();
    private final List<LegacyTcpServer> legacyServers = new ArrayList<>();
    private final HttpServer http;
    private boolean closed;

    /** @param sources the not yet opened source of each camera, in the order of {@code cameras} */
    private EdgecamServer(ServerConfig config, SecurityConfig security, List<CameraConfig> cameras,
                          List<FrameSource> sources) throws SourceException {
        this.config = config;
        this.security = security;
        List<Camera> opened = new ArrayList<>();
        try {
            for (int i = 0; i < cameras.size(); i++) {
                opened.add(own(openCamera(cameras.get(i), sources.get(i), cameras.size() > 1)));
            }
            NettyRuntime net = own(NettyRuntime.forThisMachine());
            access = security.accessControl();
            for (int i = 0; i < opened.size(); i++) {
                served.add(serveLegacy(net, opened.get(i), i == 0, opened.size() > 1));
            }
            logAccess(access);
            http = config.httpPort() == ServerConfig.HTTP_OFF ? null
                    : own(ListenFailure.explained(config.host(), config.httpPort(), "--http-port",
                            () -> new HttpServer(net, List.copyOf(served),
                                    HttpOptions.of(config.host(), config.httpPort(), security.limits())
                                            .withSettingsReadOnly(config.settingsReadOnly()), access,
                                    ownIfPresent(security.newAuthenticator(access)), security.tls())));
            if (!config.statusInterval().isZero()) {
                for (ServedCamera camera : served) {
                    own(new StatusReporter(camera.camera(), camera.clients(), config.statusInterval(),
                            served.size() > 1));
                }
            }
        } catch (SourceException | RuntimeException e) {
            close();
            // The source of the camera that failed closed with it; those after it were never opened, nor owned.
            sources.subList(Math.min(sources.size(), opened.size() + 1), sources.size()).forEach(FrameSource::close);
            throw e;
        }
    }

    /** Opens one camera; when the server has several, a failure says which one failed. */
    private static Camera openCamera(CameraConfig camera, FrameSource source, boolean several) throws SourceException {
        try {
            return Camera.open(camera, source);
        } catch (SourceException e) {
            throw several ? new SourceException("camera " + camera.id() + ": " + e.getMessage(), e) : e;
        }
    }

    /** The camera with a client registry of its own and, when its config gives one and access allows, its legacy port. */
    private ServedCamera serveLegacy(NettyRuntime net, Camera camera, boolean first, boolean several) {
        ClientRegistry clients = new ClientRegistry();
        CameraConfig cameraConfig = camera.config();
        if (!cameraConfig.hasLegacyPort() || !access.legacyPortOpen()) {
            return new ServedCamera(camera, clients);
        }
        String portOption = first ? "--port" : "legacy_port of camera " + camera.id();
        LegacyTcpServer tcp = own(ListenFailure.explained(config.host(), cameraConfig.legacyPort(), portOption,
                () -> new LegacyTcpServer(net, camera.hub(), clients, config.host(), cameraConfig.legacyPort(), access)));
        legacyServers.add(tcp);
        if (several) {
            log.info("TCP: port {} serves camera {}", tcp.port(), camera.id());
        }
        return new ServedCamera(camera, clients, tcp.port());
    }

    /**
     * Opens the source and starts serving anyone. Throws with a one-line reason when a file source cannot be
     * opened; a camera or URL that cannot be opened yet does not stop the server (see {@link Camera#open}).
     */
    public static EdgecamServer start(ServerConfig config) throws SourceException {
        return start(config, SecurityConfig.open());
    }

    /** Opens the source and starts serving whom {@code security} allows; throws as {@link #start(ServerConfig)}. */
    public static EdgecamServer start(ServerConfig config, SecurityConfig security) throws SourceException {
        return start(config, List.of(config.camera()), security);
    }

    /**
     * Serves frames from {@code source}, not yet opened, instead of the one {@code config.source()} names: for a
     * stand-in camera in tests, or a program that embeds the server with a source of its own. The server owns
     * the source from now on and closes it.
     */
    public static EdgecamServer start(ServerConfig config, SecurityConfig security, FrameSource source)
            throws SourceException {
        return new EdgecamServer(config, security, List.of(config.camera()), List.of(source));
    }

    /**
     * Serves every camera of {@code cameras}, in this order: the first answers the unprefixed URLs. From
     * {@code server} it takes only the server-wide settings (host, HTTP port, status interval, read-only settings);
     * each camera's source, size, rate, encode settings and legacy port come from its {@link CameraConfig}.
     * Throws as {@link #start(ServerConfig)}, for the first camera that cannot start.
     *
     * @throws IllegalArgumentException when there is no camera, or two share an id
     */
    public static EdgecamServer start(ServerConfig server, List<CameraConfig> cameras, SecurityConfig security)
            throws SourceException {
        return start(server, cameras, security, Map.of());
    }

    /**
     * As {@link #start(ServerConfig, List, SecurityConfig)}, with the cameras named in {@code standIns} capturing
     * from the source given there, not yet opened, instead of the one their config names: for stand-in cameras in
     * tests. The server owns those sources from now on and closes them.
     */
    public static EdgecamServer start(ServerConfig server, List<CameraConfig> cameras, SecurityConfig security,
                                      Map<String, FrameSource> standIns) throws SourceException {
        requireDistinctIds(cameras);
        List<FrameSource> sources = new ArrayList<>();
        for (CameraConfig camera : cameras) {
            FrameSource standIn = standIns.get(camera.id());
            sources.add(standIn != null ? standIn : SourceFactory.create(camera.source(), camera.size(), camera.fps()));
        }
        return new EdgecamServer(server, security, cameras, sources);
    }

    private static void requireDistinctIds(List<CameraConfig> cameras) {
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one camera");
        }
        Set<String> ids = new HashSet<>();
        for (CameraConfig camera : cameras) {
            if (!ids.add(camera.id())) {
                throw new IllegalArgumentException("two cameras are named " + camera.id() + "; give each its own id");
            }
        }
    }

    /** Says at start who may connect, and why the legacy port is off when it is. */
    private void logAccess(AccessControl access) {
        if (legacyServers.isEmpty()) {
            log.info("TCP: legacy port is off: {}", !access.legacyPortOpen() && security.authenticationOn()
                    ? "authentication is on and the legacy protocol has no room for credentials; "
                            + "open it for trusted addresses with --legacy-allow CIDR"
                    : !access.legacyPortOpen() ? "no address is allowed" : "no camera has a legacy port");
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

    /** Its cameras in config order; the first answers the unprefixed URLs. */
    public List<Camera> cameras() {
        return served.stream().map(ServedCamera::camera).toList();
    }

    /** The first camera: the one of a server started from flags. */
    public Camera camera() {
        return served.get(0).camera();
    }

    /** The camera named {@code id}. */
    public Camera camera(String id) {
        return servedCamera(id).camera();
    }

    /** The first camera's hub. */
    public FrameHub hub() {
        return camera().hub();
    }

    /** The first camera's running totals. */
    public PipelineStats stats() {
        return camera().stats();
    }

    /** Connections open right now on every port, admitted ones only (refused ones are closed at once). */
    public int openConnections() {
        return access == null ? 0 : access.limiter().open();
    }

    /** The clients of the first camera, over every transport. */
    public ClientRegistry clients() {
        return served.get(0).clients();
    }

    /** The clients of the camera named {@code id}, over every transport. */
    public ClientRegistry clients(String id) {
        return servedCamera(id).clients();
    }

    /** The first camera's legacy TCP port actually bound (useful when the config asked for port 0), or -1 when off. */
    public int tcpPort() {
        return served.get(0).legacyPort();
    }

    /** The legacy TCP port bound for the camera named {@code id}, or -1 when it has none. */
    public int tcpPort(String id) {
        return servedCamera(id).legacyPort();
    }

    /** The HTTP port actually bound (useful when the config asked for port 0); -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    private ServedCamera servedCamera(String id) {
        return served.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no camera " + id + "; the cameras are "
                        + served.stream().map(ServedCamera::id).toList()));
    }

    /** Stops every stage in reverse order: transports first, the cameras last. Idempotent. */
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
