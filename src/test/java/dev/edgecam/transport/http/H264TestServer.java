package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.H264FileStandIn;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.ServerTls;
import java.util.ArrayList;
import java.util.List;

/**
 * Cameras whose own H.264 is the libx264 test stream ({@link H264FileStandIn}: 1280x720, 30 fps, looped), served over
 * HTTP on loopback: what {@code /h264} and the page's player are tested against (passthrough: a real libx264 stream,
 * no encoder, frames exactly as the test stream has them).
 */
final class H264TestServer implements AutoCloseable {

    final ClientRegistry registry = new ClientRegistry();
    final NettyRuntime net = new NettyRuntime(2);
    final List<Camera> cameras = new ArrayList<>();
    final Camera camera;
    final HttpServer http;

    /** Makes a camera's source (the H.264 test stream, or a variant of it). */
    interface Sources {
        FrameSource make() throws Exception;
    }

    private H264TestServer(int port, HttpAuthenticator login, ServerTls tls, List<String> ids, Sources sources)
            throws Exception {
        List<ServedCamera> served = new ArrayList<>();
        for (String id : ids) {
            FrameHub hub = new FrameHub();
            PipelineStats stats = new PipelineStats();
            FrameSource source = sources.make();
            source.open();
            CaptureLoop capture = new CaptureLoop(source, hub, stats, EncodeSettings.defaults());
            capture.start("edgecam-capture-" + id);
            Camera camera = Camera.of(new CameraConfig(id, SourceSpec.test(), source.size(), 30,
                    EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT), hub, stats, capture);
            cameras.add(camera);
            served.add(new ServedCamera(camera, served.isEmpty() ? registry : new ClientRegistry()));
        }
        camera = cameras.get(0);
        http = new HttpServer(net, served, HttpOptions.defaults("127.0.0.1", port), AccessControl.open(), login, tls);
    }

    /** One camera ({@link CameraConfig#FIRST_ID}) on {@code port}, or a free one for 0. */
    static H264TestServer start(int port) {
        return start(port, null, CameraConfig.FIRST_ID);
    }

    /**
     * Cameras {@code ids} on {@code port} (0: a free one), asking for a login when {@code login} is not null; the
     * first one's clients are in {@link #registry}.
     */
    static H264TestServer start(int port, HttpAuthenticator login, String... ids) {
        return start(port, login, null, ids);
    }

    /** As {@link #start(int, HttpAuthenticator, String...)}, over HTTPS with {@code tls} when it is not null. */
    static H264TestServer start(int port, HttpAuthenticator login, ServerTls tls, String... ids) {
        return start(port, login, tls, H264FileStandIn::new, ids);
    }

    /** One camera ({@link CameraConfig#FIRST_ID}) on a free port whose H.264 comes from {@code sources}. */
    static H264TestServer startWith(Sources sources) {
        return start(0, null, null, sources, CameraConfig.FIRST_ID);
    }

    private static H264TestServer start(int port, HttpAuthenticator login, ServerTls tls, Sources sources,
                                        String... ids) {
        try {
            return new H264TestServer(port, login, tls, List.of(ids), sources);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the H.264 test stream could not be made: " + e.getMessage(), e);
        }
    }

    int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        net.close();
        cameras.forEach(Camera::close);
    }
}
