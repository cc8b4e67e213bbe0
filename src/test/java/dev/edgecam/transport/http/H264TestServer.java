package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.testing.H264FileStandIn;
import dev.edgecam.testing.TestCameras;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import java.util.List;

/**
 * One camera whose own H.264 is the libx264 test stream ({@link H264FileStandIn}: 1280x720, 30 fps, looped), served over
 * HTTP on loopback: what {@code /h264} and the page's player are tested against until the H.264 encoder feeds the
 * test pattern's H.264 hub. It has no JPEG rendition (a camera's H.264 is not decoded yet).
 */
final class H264TestServer implements AutoCloseable {

    final ClientRegistry registry = new ClientRegistry();
    final NettyRuntime net = new NettyRuntime(2);
    final Camera camera;
    final HttpServer http;

    private H264TestServer(int port) throws Exception {
        FrameHub hub = new FrameHub();
        PipelineStats stats = new PipelineStats();
        H264FileStandIn source = new H264FileStandIn();
        source.open();
        CaptureLoop capture = new CaptureLoop(source, hub, stats, EncodeSettings.defaults());
        capture.start();
        camera = TestCameras.around(hub, stats, capture);
        http = new HttpServer(net, List.of(new ServedCamera(camera, registry)), HttpOptions.defaults("127.0.0.1", port));
    }

    /** Listens on {@code port}, or a free one for 0. */
    static H264TestServer start(int port) {
        try {
            return new H264TestServer(port);
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
        camera.close();
    }
}
