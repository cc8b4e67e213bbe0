package dev.edgecam.transport;

import dev.edgecam.camera.Camera;

/**
 * A camera as the transports serve it: the camera, the clients of every transport that watch it, and the legacy
 * TCP port it is served on.
 *
 * @param camera its frames, settings and status
 * @param clients the clients of every transport that watch this camera (one registry per camera)
 * @param legacyPort the legacy TCP port bound for it, or {@link #NO_LEGACY_PORT}
 */
public record ServedCamera(Camera camera, ClientRegistry clients, int legacyPort) {

    public static final int NO_LEGACY_PORT = -1;

    /** A camera served over HTTP only. */
    public ServedCamera(Camera camera, ClientRegistry clients) {
        this(camera, clients, NO_LEGACY_PORT);
    }

    public String id() {
        return camera.id();
    }
}
