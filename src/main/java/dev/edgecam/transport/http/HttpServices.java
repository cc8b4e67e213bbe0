package dev.edgecam.transport.http;

import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.onvif.OnvifService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every HTTP connection shares: each camera's endpoints (in config order; the first one answers the unprefixed
 * URLs), and the server-wide endpoints' thread-safe parts.
 *
 * <p>A reload swaps the cameras ({@link #serve}): requests see the old set or the new one, whole, never a mix,
 * because the endpoints, {@code /state} and {@code /metrics} of one set are published together in one volatile write.
 */
final class HttpServices implements AutoCloseable {

    /** One camera set, immutable: what a request reads once at its start. */
    private record CameraSet(List<CameraEndpoints> cameras, StateDocument state, PrometheusMetrics metrics) {
    }

    final HttpOptions options;
    final SettingsPermission settingsPermission;
    final WebAssets assets = new WebAssets();
    /** Cuts {@code /recordings/ID/clip} files off the event loops. */
    final ExecutorService clipCutters = ClipEndpoint.newCutters();
    private volatile CameraSet current;
    /** ONVIF's services, or null while ONVIF is off (its paths then answer 404). */
    private volatile OnvifService onvif;

    HttpServices(HttpOptions options, List<ServedCamera> cameras) {
        this(options, cameras, false);
    }

    /** @param loginRequired true when authentication is on, so only logged-in users reach the endpoints that change things */
    HttpServices(HttpOptions options, List<ServedCamera> cameras, boolean loginRequired) {
        this.options = options;
        this.settingsPermission = new SettingsPermission(options.settingsReadOnly(), loginRequired);
        current = cameraSet(cameras, Map.of());
    }

    private CameraSet cameraSet(List<ServedCamera> cameras, Map<ServedCamera, CameraEndpoints> kept) {
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("HTTP needs at least one camera to serve");
        }
        // A camera served before keeps its endpoints: its streams share their parts buffers, so they see no gap
        List<CameraEndpoints> endpoints = cameras.stream()
                .map(camera -> kept.containsKey(camera) ? kept.get(camera) : new CameraEndpoints(camera)).toList();
        return new CameraSet(endpoints, new StateDocument(cameras, settingsPermission), new PrometheusMetrics(cameras));
    }

    /**
     * Serves {@code cameras} from now on, in this order. The cameras served before and not any more have their
     * streams ended (the part on its way finished, then the connection closed) and their URLs answer 404.
     */
    synchronized void serve(List<ServedCamera> cameras) {
        Map<ServedCamera, CameraEndpoints> before = current.cameras().stream()
                .collect(Collectors.toMap(c -> c.served, Function.identity()));
        current = cameraSet(cameras, before);
        before.keySet().removeAll(cameras);
        before.values().forEach(CameraEndpoints::endStreams);
    }

    void serveOnvif(OnvifService service) {
        onvif = service;
    }

    OnvifService onvif() {
        return onvif;
    }

    /** The camera of the unprefixed URLs. */
    CameraEndpoints first() {
        return current.cameras().get(0);
    }

    /** Every camera, in config order. */
    List<CameraEndpoints> cameras() {
        return current.cameras();
    }

    StateDocument state() {
        return current.state();
    }

    PrometheusMetrics metrics() {
        return current.metrics();
    }

    /** The camera a request target names, or null when there is none such (a 404 naming {@link #knownIds()}). */
    CameraEndpoints camera(Routes.Target target) {
        List<CameraEndpoints> cameras = current.cameras();
        if (target.cameraId() != null) {
            return cameras.stream().filter(c -> c.camera.id().equals(target.cameraId())).findFirst().orElse(null);
        }
        return target.cameraIndex() < cameras.size() ? cameras.get(target.cameraIndex()) : null;
    }

    /** The cameras' ids in config order, for an answer that says which exist. */
    String knownIds() {
        return current.cameras().stream().map(c -> c.camera.id()).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        current.cameras().forEach(CameraEndpoints::close);
        clipCutters.shutdownNow();
    }
}
