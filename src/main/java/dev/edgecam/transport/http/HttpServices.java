package dev.edgecam.transport.http;

import dev.edgecam.transport.ServedCamera;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every HTTP connection shares: each camera's endpoints (in config order; the first one answers the unprefixed
 * URLs), and the server-wide endpoints' thread-safe parts.
 */
final class HttpServices implements AutoCloseable {

    final HttpOptions options;
    final List<CameraEndpoints> cameras;
    final StateDocument state;
    final PrometheusMetrics metrics;
    final SettingsPermission settingsPermission;
    final WebAssets assets = new WebAssets();

    HttpServices(HttpOptions options, List<ServedCamera> cameras) {
        this(options, cameras, false);
    }

    /** @param loginRequired true when authentication is on, so only logged-in users reach the endpoints that change things */
    HttpServices(HttpOptions options, List<ServedCamera> cameras, boolean loginRequired) {
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("HTTP needs at least one camera to serve");
        }
        this.options = options;
        this.cameras = cameras.stream().map(CameraEndpoints::new).toList();
        this.settingsPermission = new SettingsPermission(options.settingsReadOnly(), loginRequired);
        this.state = new StateDocument(cameras, settingsPermission);
        this.metrics = new PrometheusMetrics(cameras);
    }

    /** The camera of the unprefixed URLs. */
    CameraEndpoints first() {
        return cameras.get(0);
    }

    /** The camera a request target names, or null when there is none such (a 404 naming {@link #knownIds()}). */
    CameraEndpoints camera(Routes.Target target) {
        if (target.cameraId() != null) {
            return cameras.stream().filter(c -> c.camera.id().equals(target.cameraId())).findFirst().orElse(null);
        }
        return target.cameraIndex() < cameras.size() ? cameras.get(target.cameraIndex()) : null;
    }

    /** The cameras' ids in config order, for an answer that says which exist. */
    String knownIds() {
        return cameras.stream().map(c -> c.camera.id()).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        cameras.forEach(CameraEndpoints::close);
    }
}
