package dev.edgecam.transport.http;

import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.SharedFrameBuffers;

/** What every HTTP connection shares: the hub and registry, and the endpoints' thread-safe parts. */
final class HttpServices {

    final HttpOptions options;
    final FrameHub hub;
    final ClientRegistry registry;
    /** The stream's parts, built once per frame and shared by every stream client. */
    final SharedFrameBuffers streamParts = MjpegStreamSession.sharedParts();
    final StateDocument state;
    final PrometheusMetrics metrics;
    final SettingsResource settings;
    final WebAssets assets = new WebAssets();

    HttpServices(HttpOptions options, FrameHub hub, PipelineStats stats, CaptureLoop capture, ClientRegistry registry) {
        this.options = options;
        this.hub = hub;
        this.registry = registry;
        this.state = new StateDocument(hub, stats, capture, registry);
        this.metrics = new PrometheusMetrics(hub, stats, capture, registry);
        this.settings = new SettingsResource(capture);
    }
}
