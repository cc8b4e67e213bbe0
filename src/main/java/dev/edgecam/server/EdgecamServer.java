package dev.edgecam.server;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceFactory;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.http.HttpOptions;
import dev.edgecam.transport.http.HttpServer;
import dev.edgecam.transport.rtsp.RtspOptions;
import dev.edgecam.transport.rtsp.RtspServer;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.tcp.LegacyTcpServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** Immutable, replaced whole by a reload: readers on any thread see the old list or the new one. */
    private volatile List<ServedCamera> served = List.of();
    private final List<LegacyTcpServer> legacyServers = new ArrayList<>();
    private final CameraStages cameraStages = new CameraStages();
    private final NettyRuntime net;
    private final HttpServer http;
    private final RtspServer rtsp;
    private boolean closed;

    /** @param sources the not yet opened source of each camera, in the order of {@code cameras} */
    private EdgecamServer(ServerConfig config, SecurityConfig security, List<CameraConfig> cameras,
                          List<FrameSource> sources) throws SourceException {
        this.config = config;
        this.security = security;
        List<Camera> opened = new ArrayList<>();
        try {
            for (int i = 0; i < cameras.size(); i++) {
                Camera camera = openCamera(cameras.get(i), sources.get(i), cameras.size() > 1);
                opened.add(ownFor(camera.id(), camera));
            }
            net = own(NettyRuntime.forThisMachine());
            access = security.accessControl();
            List<ServedCamera> serving = new ArrayList<>();
            for (int i = 0; i < opened.size(); i++) {
                serving.add(serveLegacy(opened.get(i), i == 0, opened.size() > 1));
            }
            served = List.copyOf(serving);
            AccessLog.atStart(access, security, legacyServers.isEmpty());
            HttpAuthenticator logins = ownIfPresent(security.newAuthenticator(access)); // HTTP's and RTSP's
            http = config.httpPort() == ServerConfig.HTTP_OFF ? null
                    : own(ListenFailure.explained(config.host(), config.httpPort(), "--http-port",
                            () -> new HttpServer(net, List.copyOf(served),
                                    HttpOptions.of(config.host(), config.httpPort(), security.limits())
                                            .withSettingsReadOnly(config.settingsReadOnly()), access, logins, security.tls())));
            rtsp = config.rtspPort() == ServerConfig.RTSP_OFF ? null
                    : own(ListenFailure.explained(config.host(), config.rtspPort(), "--rtsp-port",
                            () -> RtspServer.withLogins(net, served, RtspOptions.of(config.host(), config.rtspPort()),
                                    access, logins)));
            ownIfPresent(OnvifStage.start(config, http, rtsp == null ? -1 : rtsp.port(), logins, security.tls() != null));
            if (!config.statusInterval().isZero()) {
                for (ServedCamera camera : served) {
                    reportStatus(camera, served.size() > 1);
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
    private ServedCamera serveLegacy(Camera camera, boolean first, boolean several) {
        ClientRegistry clients = new ClientRegistry();
        CameraConfig cameraConfig = camera.config();
        if (!cameraConfig.hasLegacyPort() || !access.legacyPortOpen()) {
            return new ServedCamera(camera, clients);
        }
        String portOption = first ? "--port" : "legacy_port of camera " + camera.id();
        LegacyTcpServer tcp = ownFor(camera.id(), ListenFailure.explained(config.host(), cameraConfig.legacyPort(), portOption,
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
        CameraStages.requireDistinctIds(cameras);
        List<FrameSource> sources = new ArrayList<>();
        for (CameraConfig camera : cameras) {
            FrameSource standIn = standIns.get(camera.id());
            sources.add(standIn != null ? standIn : SourceFactory.create(camera.source(), camera.size(), camera.fps()));
        }
        return new EdgecamServer(server, security, cameras, sources);
    }

    private void reportStatus(ServedCamera camera, boolean several) {
        ownFor(camera.id(), new StatusReporter(camera.camera(), camera.clients(), config.statusInterval(), several));
    }

    /**
     * Serves {@code after} from now on, in its order (a reload of the config file): cameras no longer in it stop
     * (their viewers get a clean end, their legacy port closes), cameras whose config differs restart with the new
     * one under the same id, new ones start, and the others are not touched, so their viewers see no gap. A camera
     * that cannot start is logged with its id and the reason, and the others are served on.
     *
     * @throws IllegalArgumentException when {@code after} has no camera or two share an id; nothing changes then
     */
    public synchronized void apply(List<CameraConfig> after) {
        CameraStages.requireDistinctIds(after);
        if (closed) {
            return;
        }
        Map<String, ServedCamera> keep = new HashMap<>();
        for (ServedCamera camera : served) {
            if (after.contains(camera.camera().config())) {
                keep.put(camera.id(), camera);
            }
        }
        // Routes first, so no new viewer joins a camera about to stop; then the stops, freeing legacy ports for starts
        List<ServedCamera> stopping = served.stream().filter(c -> !keep.containsValue(c)).toList();
        List<ServedCamera> kept = after.stream().map(c -> keep.get(c.id())).filter(Objects::nonNull).toList();
        if (!kept.isEmpty()) {
            publish(kept);
        }
        for (ServedCamera camera : stopping) {
            stopCamera(camera.id());
            log.info("config: camera {} stopped", camera.id());
        }
        List<ServedCamera> next = new ArrayList<>();
        for (CameraConfig camera : after) {
            ServedCamera running = keep.get(camera.id());
            ServedCamera started = running != null ? running : startCamera(camera, next.isEmpty());
            if (started != null) {
                next.add(started);
            }
        }
        if (next.isEmpty()) {
            log.warn("config: no camera could start; serving none until the file names one that can");
        } else {
            publish(next);
        }
    }

    private void publish(List<ServedCamera> cameras) {
        served = List.copyOf(cameras);
        if (http != null) {
            http.serve(served);
        }
        if (rtsp != null) {
            rtsp.serve(served);
        }
    }

    /** Opens and serves one camera of a reload; null, after logging why, when it cannot start. */
    private ServedCamera startCamera(CameraConfig camera, boolean first) {
        try {
            FrameSource source = SourceFactory.create(camera.source(), camera.size(), camera.fps());
            ServedCamera started = serveLegacy(ownFor(camera.id(), openCamera(camera, source, false)), first, true);
            if (!config.statusInterval().isZero()) {
                reportStatus(started, true);
            }
            log.info("config: camera {} started", camera.id());
            return started;
        } catch (SourceException | RuntimeException e) {
            stopCamera(camera.id());
            log.error("config: camera {} cannot start: {}; the other cameras are served on", camera.id(),
                    e.getMessage());
            return null;
        }
    }

    /** Stops one camera's own stages in reverse order: status line, legacy port (a clean end), then the camera. */
    private void stopCamera(String id) {
        List<AutoCloseable> stopped = cameraStages.stop(id);
        stages.removeIf(stage -> stopped.stream().anyMatch(own -> own == stage));
    }

    private <T extends AutoCloseable> T ownFor(String cameraId, T stage) {
        return own(cameraStages.add(cameraId, stage));
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
    public PipelineStats stats() { return camera().stats(); }

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

    /** The RTSP port actually bound (useful when the config asked for port 0); -1 when RTSP is off. */
    public int rtspPort() {
        return rtsp == null ? -1 : rtsp.port();
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
            CameraStages.closeLogged(stages.pop());
        }
    }
}
