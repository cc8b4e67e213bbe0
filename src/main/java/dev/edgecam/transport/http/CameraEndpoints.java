package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.SharedFrameBuffers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the stream, snapshot and settings endpoints of one camera share over every connection. */
final class CameraEndpoints implements AutoCloseable {

    final ServedCamera served;
    final Camera camera;
    final FrameHub hub;
    final ClientRegistry registry;
    /** The stream's parts of this camera's default hub, built once per frame and shared by every stream client. */
    final SharedFrameBuffers streamParts = MjpegStreamSession.sharedParts();
    /** The same for each other size's hub (one per hub: a buffer caches one hub's newest frame). */
    private final Map<FrameHub, SharedFrameBuffers> otherSizesParts = new ConcurrentHashMap<>();
    final SettingsResource settings;

    CameraEndpoints(ServedCamera served) {
        this.served = served;
        this.camera = served.camera();
        this.hub = camera.hub();
        this.registry = served.clients();
        this.settings = new SettingsResource(camera);
    }

    /**
     * The hub a request for {@code size} takes frames from: the default one when {@code size} is null.
     *
     * @throws IllegalArgumentException with a message for the client when this camera cannot serve that size
     */
    FrameHub hub(Size size) {
        if (size == null) {
            return hub;
        }
        try {
            return camera.hub(size);
        } catch (IllegalStateException tooMany) {
            throw new IllegalArgumentException(tooMany.getMessage(), tooMany);
        }
    }

    /** The shared stream parts of {@code frames}, one of this camera's hubs. */
    SharedFrameBuffers streamParts(FrameHub frames) {
        return frames == hub ? streamParts
                : otherSizesParts.computeIfAbsent(frames, ignored -> MjpegStreamSession.sharedParts());
    }

    @Override
    public void close() {
        streamParts.close();
        otherSizesParts.values().forEach(SharedFrameBuffers::close);
    }
}
