package dev.edgecam.config;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.server.ServerConfig;
import java.util.List;

/**
 * Everything {@code edgecam serve} was asked for: the server-wide settings and one or more cameras, in the order
 * of the config file (the first is the one the unprefixed URLs and legacy port 6810 serve). From
 * {@link ConfigFile#load}, or from the flags for one camera. Immutable.
 */
public record ServeSetup(ServerSettings server, List<CameraConfig> cameras) {

    public ServeSetup {
        cameras = List.copyOf(cameras);
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one camera");
        }
    }

    public CameraConfig firstCamera() {
        return cameras.get(0);
    }

    /**
     * Today's one-camera {@link ServerConfig}, for {@code camera}. Today's server always opens a legacy port, so a
     * camera without one gets a free one here (the first camera always has one: 6810 unless given).
     */
    public ServerConfig serverConfig(CameraConfig camera) {
        return new ServerConfig(camera.source(), camera.size(), camera.fps(), camera.encode(), server.host(),
                camera.hasLegacyPort() ? camera.legacyPort() : 0, server.statusInterval(),
                server.httpPort() == 0 ? ServerConfig.HTTP_OFF : server.httpPort(), server.readOnlySettings(),
                server.rtspPort() == 0 ? ServerConfig.RTSP_OFF : server.rtspPort(), server.onvif());
    }
}
