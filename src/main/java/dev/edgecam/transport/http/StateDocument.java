package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.hub.SourceStatus;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientRegistry;
import java.time.Instant;
import java.util.Comparator;

/**
 * Builds the JSON of {@code GET /state}: the source, the encoder, the hub and every client of every
 * transport. Rates are measured over the last second or more ({@link RateWindow}). {@code server.timeMicros}
 * is the server's wall clock, so a page can relate frames' {@code X-Timestamp} to its own clock.
 */
final class StateDocument {

    private final FrameHub hub;
    private final PipelineStats stats;
    private final CaptureLoop capture;
    private final ClientRegistry registry;
    private final SettingsPermission settingsPermission;
    private final Instant started = Instant.now();
    private final RateWindow capturedRate;
    private final RateWindow publishedRate;
    private final RateWindow publishedBytesRate;

    StateDocument(FrameHub hub, PipelineStats stats, CaptureLoop capture, ClientRegistry registry,
                  SettingsPermission settingsPermission) {
        this.hub = hub;
        this.stats = stats;
        this.capture = capture;
        this.registry = registry;
        this.settingsPermission = settingsPermission;
        this.capturedRate = new RateWindow(stats.captured::sum);
        this.publishedRate = new RateWindow(stats.published::sum);
        this.publishedBytesRate = new RateWindow(stats.publishedBytes::sum);
    }

    ObjectNode build() {
        ObjectNode root = HttpResponses.newObject();
        Instant now = Instant.now();
        ObjectNode server = root.putObject("server");
        server.put("timeMicros", now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        server.put("startedAt", started.toString());
        server.put("uptimeSeconds", now.getEpochSecond() - started.getEpochSecond());

        SourceStatus source = capture.status();
        ObjectNode sourceNode = root.putObject("source");
        sourceNode.put("kind", source.kind());
        sourceNode.put("description", source.description());
        sourceNode.put("online", source.online());
        sourceNode.put("lastError", source.lastError());
        sourceNode.put("offlineSince", source.offlineSince() == null ? null : source.offlineSince().toString());
        sourceNode.put("retries", source.retries());
        // The size as captured, before any output scaling (the encoder's size is the hub's latestWidth); null, not
        // 0, while the size is unknown: a camera or URL that has never opened.
        Size captured = capture.sourceSize();
        sourceNode.put("width", captured != null && captured.width() > 0 ? captured.width() : null);
        sourceNode.put("height", captured != null && captured.height() > 0 ? captured.height() : null);
        sourceNode.put("targetFps", source.nominalFps());
        sourceNode.put("measuredFps", round(capturedRate.perSecond()));
        sourceNode.put("framesCaptured", stats.captured.sum());
        sourceNode.put("failures", stats.sourceFailures.sum());

        EncodeSettings settings = capture.settings();
        double publishedPerSecond = publishedRate.perSecond();
        double bytesPerSecond = publishedBytesRate.perSecond();
        long encoded = stats.encoded.sum();
        ObjectNode encoder = root.putObject("encoder");
        encoder.put("quality", settings.quality());
        encoder.put("outputSize", settings.outputSize() == null ? null : settings.outputSize().toString());
        encoder.put("maxFps", settings.maxFps());
        encoder.put("encodedFps", round(publishedPerSecond));
        encoder.put("meanFrameBytes", publishedPerSecond > 0 ? Math.round(bytesPerSecond / publishedPerSecond) : 0);
        encoder.put("framesEncoded", encoded);
        encoder.put("framesPublished", stats.published.sum());
        encoder.put("meanEncodeMillis", encoded > 0 ? round(stats.encodeNanos.sum() / 1e6 / encoded) : 0);

        settingsPermission.describeIn(root.putObject("settings"));

        Frame latest = hub.latest();
        ObjectNode hubNode = root.putObject("hub");
        hubNode.put("listeners", hub.listenerCount());
        hubNode.put("latestSequence", latest == null ? 0 : latest.sequence());
        hubNode.put("latestWidth", latest == null ? 0 : latest.width());
        hubNode.put("latestHeight", latest == null ? 0 : latest.height());
        hubNode.put("latestBytes", latest == null ? 0 : latest.size());
        hubNode.put("latestCaptureMicros", latest == null ? 0 : latest.captureEpochMicros());

        ObjectNode totals = root.putObject("totals");
        totals.put("clients", registry.count());
        totals.put("framesSent", registry.totalFramesSent());
        totals.put("framesSkipped", registry.totalFramesSkipped());
        totals.put("bytesSent", registry.totalBytesSent());
        ObjectNode perTransport = totals.putObject("clientsByTransport");
        registry.countByTransport().forEach((transport, count) -> perTransport.put(transport.label(), count));

        ArrayNode clients = root.putArray("clients");
        registry.clients().stream().sorted(Comparator.comparing(ClientInfo::since)).forEach(client -> {
            ObjectNode node = clients.addObject();
            node.put("transport", client.transport().label());
            node.put("address", client.address());
            node.put("mode", client.mode().label());
            node.put("since", client.since().toString());
            node.put("fps", round(client.fps()));
            node.put("framesSent", client.framesSent());
            node.put("framesSkipped", client.framesSkipped());
            node.put("bytesSent", client.bytesSent());
        });
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
