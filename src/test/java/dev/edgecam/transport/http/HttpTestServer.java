package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.FailOnCommandSource;
import dev.edgecam.testing.TestCameras;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.tcp.LegacyTcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real pipeline on loopback for HTTP tests: the animated test pattern (small, 15 fps), the capture loop,
 * the hub, the HTTP transport and the legacy TCP transport beside it, each on a free port.
 */
final class HttpTestServer implements AutoCloseable {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final double FPS = 15;

    /** One HTTP/1.1 client for all tests: Java 17's has no close(), and its idle connections end with each server. */
    static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final FrameHub hub = new FrameHub();
    final PipelineStats stats = new PipelineStats();
    final ClientRegistry registry = new ClientRegistry();
    final Camera camera;
    final NettyRuntime net = new NettyRuntime(2);
    final HttpServer http;
    final LegacyTcpServer tcp;

    private HttpTestServer(Size size, double fps, UnaryOperator<HttpOptions> options, HttpAuthenticator login) {
        this(size, fps, options, login, false);
    }

    private HttpTestServer(Size size, double fps, UnaryOperator<HttpOptions> options, HttpAuthenticator login,
                           boolean cameraMissing) {
        CaptureLoop capture;
        if (cameraMissing) {
            FailOnCommandSource missing = new FailOnCommandSource(size, fps);
            missing.unplug();
            capture = CaptureLoop.startingOffline(missing, hub, stats, EncodeSettings.defaults(),
                    "cannot open " + FailOnCommandSource.UNPLUGGED);
        } else {
            TestPatternSource source = new TestPatternSource(size, fps);
            source.open();
            capture = new CaptureLoop(source, hub, stats, EncodeSettings.defaults());
        }
        capture.start("edgecam-capture-test");
        camera = TestCameras.around(hub, stats, capture);
        http = new HttpServer(net, served(), options.apply(HttpOptions.defaults("127.0.0.1", 0)),
                AccessControl.open(), login, null);
        tcp = new LegacyTcpServer(net, hub, registry, "127.0.0.1", 0);
    }

    /** The camera as the HTTP transport serves it, with the registry both transports share. */
    List<ServedCamera> served() {
        return List.of(new ServedCamera(camera, registry));
    }

    static HttpTestServer start() {
        return new HttpTestServer(new Size(WIDTH, HEIGHT), FPS, UnaryOperator.identity(), null);
    }

    /** A test pattern of another size or rate (the page test wants a larger picture for its screenshot). */
    static HttpTestServer start(Size size, double fps) {
        return new HttpTestServer(size, fps, UnaryOperator.identity(), null);
    }

    static HttpTestServer start(UnaryOperator<HttpOptions> options) {
        return new HttpTestServer(new Size(WIDTH, HEIGHT), FPS, options, null);
    }

    /** A server whose camera is missing from the start (offline, "no signal", retried), with {@code options}. */
    static HttpTestServer startWithCameraMissing(UnaryOperator<HttpOptions> options) {
        return new HttpTestServer(new Size(WIDTH, HEIGHT), FPS, options, null, true);
    }

    /** A server that asks for a login ({@code --auth}) on every endpoint {@code login} does not make public. */
    static HttpTestServer startWithLogin(HttpAuthenticator login) {
        return new HttpTestServer(new Size(WIDTH, HEIGHT), FPS, UnaryOperator.identity(), login);
    }

    /** A server that asks for a login, with {@code options} (a shorter request timeout, say). */
    static HttpTestServer startWithLogin(UnaryOperator<HttpOptions> options, HttpAuthenticator login) {
        return new HttpTestServer(new Size(WIDTH, HEIGHT), FPS, options, login);
    }

    /** A server that asks for a login, with a test pattern of another size or rate. */
    static HttpTestServer startWithLogin(Size size, double fps, HttpAuthenticator login) {
        return new HttpTestServer(size, fps, UnaryOperator.identity(), login);
    }

    /** The frames the server counted as skipped for the client at {@code address} (host:port), while it is connected. */
    long skipsCounted(String address) {
        return registry.clients().stream().filter(c -> c.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no client " + address + " in " + registry.clients()))
                .framesSkipped();
    }

    int port() {
        return http.port();
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + port() + target);
    }

    @Override
    public void close() {
        tcp.close();
        http.close();
        net.close();
        camera.close();
    }
}
