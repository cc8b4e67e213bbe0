package dev.edgecam.testing;

import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameListener;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Runs a real edgecam server (test pattern, loopback, free port) and remembers the last frames its hub
 * published, so a client test can check that what it received is exactly what the server served.
 */
public final class ServedFrames implements FrameListener, AutoCloseable {

    /** Frames remembered: several seconds at 30 fps. */
    static final int REMEMBERED = 300;

    private final EdgecamServer server;
    private final Deque<byte[]> recent = new ArrayDeque<>();

    private ServedFrames(EdgecamServer server) {
        this.server = server;
        server.hub().subscribe(this);
    }

    /** A test-pattern server of {@code width}x{@code height} at {@code fps} on 127.0.0.1 and {@code port} (0: any free one). */
    public static ServedFrames start(int width, int height, double fps, int port) throws SourceException {
        ServerConfig base = ServerConfig.testPatternOnLoopback().withSize(new Size(width, height), fps);
        ServerConfig config = new ServerConfig(base.source(), base.size(), base.fps(), base.encode(), base.host(), port,
                base.statusInterval());
        return new ServedFrames(EdgecamServer.start(config));
    }

    /** The same with HTTP (MJPEG stream, snapshot) on a second free port as well. */
    public static ServedFrames startWithHttp(int width, int height, double fps) throws SourceException {
        ServerConfig config = ServerConfig.testPatternOnLoopback().withSize(new Size(width, height), fps).withHttpPort(0);
        return new ServedFrames(EdgecamServer.start(config));
    }

    public int httpPort() {
        return server.httpPort();
    }

    public int port() {
        return server.tcpPort();
    }

    public EdgecamServer server() {
        return server;
    }

    @Override
    public synchronized void onFrame(dev.edgecam.frame.Frame frame) {
        recent.addLast(frame.jpeg());
        if (recent.size() > REMEMBERED) {
            recent.removeFirst();
        }
    }

    /** True when {@code jpeg} is byte for byte one of the recently served frames. */
    public synchronized boolean served(byte[] jpeg) {
        return recent.stream().anyMatch(f -> Arrays.equals(f, jpeg));
    }

    @Override
    public void close() {
        server.hub().unsubscribe(this);
        server.close();
    }
}
