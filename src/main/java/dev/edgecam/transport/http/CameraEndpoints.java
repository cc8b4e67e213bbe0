package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.SharedFrameBuffers;

/** What the stream, snapshot and settings endpoints of one camera share over every connection. */
final class CameraEndpoints implements AutoCloseable {

    final ServedCamera served;
    final Camera camera;
    final FrameHub hub;
    final ClientRegistry registry;
    /** The stream's parts of this camera's hub, built once per frame and shared by every stream client. */
    final SharedFrameBuffers streamParts = MjpegStreamSession.sharedParts();
    final SettingsResource settings;

    CameraEndpoints(ServedCamera served) {
        this.served = served;
        this.camera = served.camera();
        this.hub = camera.hub();
        this.registry = served.clients();
        this.settings = new SettingsResource(camera);
    }

    @Override
    public void close() {
        streamParts.close();
    }
}
