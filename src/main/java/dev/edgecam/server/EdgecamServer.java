package dev.edgecam.server;

import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceFactory;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
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
    private final FrameHub hub = new FrameHub();
    private final PipelineStats stats = new PipelineStats();
    private final ClientRegistry clients = new ClientRegistry();
    private final Deque<AutoCloseable> stages = new ArrayDeque<>();
    private final CaptureLoop capture;
    private final LegacyTcpServer tcp;
    private boolean closed;

    private EdgecamServer(ServerConfig config) throws SourceException {
        this.config = config;
        try {
            FrameSource source = SourceFactory.create(config.source(), config.size(), config.fps());
            source.open();
            log.info("SOURCE: {}{}", source.describe(),
                    config.source().kind() == dev.edgecam.source.SourceSpec.Kind.AUTO
                            ? " (chosen automatically: " + (source.kind() == dev.edgecam.source.SourceSpec.Kind.TEST
                                    ? "no camera at /dev/video0" : "camera found") + ")"
                            : "");
            capture = own(new CaptureLoop(source, hub, stats, config.encode()));
            capture.start();
            NettyRuntime net = own(NettyRuntime.forThisMachine());
            tcp = own(new LegacyTcpServer(net, hub, clients, config.host(), config.tcpPort()));
            if (!config.statusInterval().isZero()) {
                own(new StatusReporter(stats, clients, capture, config.statusInterval()));
            }
        } catch (SourceException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens the source and starts serving; throws with a one-line reason when the source cannot be opened. */
    public static EdgecamServer start(ServerConfig config) throws SourceException {
        return new EdgecamServer(config);
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

    public ClientRegistry clients() {
        return clients;
    }

    public CaptureLoop capture() {
        return capture;
    }

    /** The legacy TCP port actually bound (useful when the config asked for port 0). */
    public int tcpPort() {
        return tcp.port();
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
