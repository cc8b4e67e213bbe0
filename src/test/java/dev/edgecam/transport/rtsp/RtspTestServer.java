package dev.edgecam.transport.rtsp;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.H264FileStandIn;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.NettyRuntime;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.security.AccessControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole server on loopback with RTSP and HTTP on free ports, its cameras stand-ins that yield real H.264. */
final class RtspTestServer implements AutoCloseable {

    final EdgecamServer server;

    private RtspTestServer(EdgecamServer server) {
        this.server = server;
    }

    /** One camera per id, each an {@link H264FileStandIn}. */
    static RtspTestServer start(String... ids) throws Exception {
        return start(SecurityConfig.open(), ids);
    }

    static RtspTestServer start(SecurityConfig security, String... ids) throws Exception {
        ServerConfig config = TestServers.smallTestPattern("127.0.0.1").withHttpPort(0).withRtspPort(0);
        Map<String, FrameSource> standIns = new LinkedHashMap<>();
        List<CameraConfig> cameras = new java.util.ArrayList<>();
        for (String id : ids) {
            cameras.add(new CameraConfig(id, SourceSpec.test(), new Size(1280, 720), 30, EncodeSettings.defaults(),
                    CameraConfig.NO_LEGACY_PORT));
            standIns.put(id, new H264FileStandIn());
        }
        return new RtspTestServer(EdgecamServer.start(config, cameras, security, standIns));
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + server.rtspPort() + "/" + path;
    }

    String stateUrl() {
        return "http://127.0.0.1:" + server.httpPort() + "/state";
    }

    @Override
    public void close() {
        server.close();
    }

    /** What a test does with an RTSP server of its own options beside a whole server's camera {@code cam0}. */
    @FunctionalInterface
    interface BesideCamera {
        void run(RtspServer rtsp, ServedCamera camera, RtspTestClient client) throws Exception;
    }

    /** Runs {@code test} with an RTSP server of {@code options} serving camera {@code cam0} of a test server. */
    static void beside(RtspOptions options, BesideCamera test) throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             NettyRuntime net = new NettyRuntime(1)) {
            ServedCamera camera = new ServedCamera(server.server.camera("cam0"), server.server.clients("cam0"));
            try (RtspServer rtsp = new RtspServer(net, List.of(camera), options, AccessControl.open());
                 RtspTestClient client = new RtspTestClient(rtsp.port())) {
                test.run(rtsp, camera, client);
            }
        }
    }
}
