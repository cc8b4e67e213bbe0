package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.camera.Camera;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.H264Status;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.hub.SourceStatus;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON of {@code GET /state}: for each camera its source, encoder, hub and every client of every
 * transport, in the {@code cameras} array (config order, each with its id and URLs). The top-level {@code source},
 * {@code encoder}, {@code hub}, {@code totals} and {@code clients} are the first camera's, as they were before a
 * server had several, so existing readers keep working. Rates are measured over the last second or more
 * ({@link RateWindow}). {@code server.timeMicros} is the server's wall clock, so a page can relate frames'
 * {@code X-Timestamp} to its own clock.
 */
final class StateDocument {

    private final List<CameraState> cameras;
    private final SettingsPermission settingsPermission;
    private final Instant started = Instant.now();

    StateDocument(List<ServedCamera> cameras, SettingsPermission settingsPermission) {
        this.cameras = cameras.stream().map(CameraState::new).toList();
        this.settingsPermission = settingsPermission;
    }

    ObjectNode build() {
        ObjectNode root = HttpResponses.newObject();
        Instant now = Instant.now();
        ObjectNode server = root.putObject("server");
        server.put("timeMicros", now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        server.put("startedAt", started.toString());
        server.put("uptimeSeconds", now.getEpochSecond() - started.getEpochSecond());

        // The first camera's figures at the top, where readers of a one-camera server look for them.
        cameras.get(0).describeIn(root);
        settingsPermission.describeIn(root.putObject("settings"));
        ArrayNode list = root.putArray("cameras");
        for (CameraState camera : cameras) {
            ObjectNode node = list.addObject();
            camera.identifyIn(node);
            camera.describeIn(node);
        }
        return root;
    }

    /** One camera's part of the document, with the windows its rates are measured over. */
    private static final class CameraState {

        private final ServedCamera served;
        private final Camera camera;
        private final PipelineStats stats;
        private final RateWindow capturedRate;
        private final RateWindow publishedRate;
        private final RateWindow publishedBytesRate;
        private final RateWindow h264PublishedRate;
        private final RateWindow h264PublishedBytesRate;

        CameraState(ServedCamera served) {
            this.served = served;
            this.camera = served.camera();
            this.stats = camera.stats();
            this.capturedRate = new RateWindow(stats.captured::sum);
            this.publishedRate = new RateWindow(stats.published::sum);
            this.publishedBytesRate = new RateWindow(stats.publishedBytes::sum);
            this.h264PublishedRate = new RateWindow(stats.h264Published::sum);
            this.h264PublishedBytesRate = new RateWindow(stats.h264PublishedBytes::sum);
        }

        /** Its id, and where its viewers find it. */
        void identifyIn(ObjectNode node) {
            node.put("id", camera.id());
            ObjectNode urls = node.putObject("urls");
            String prefix = "/cam/" + camera.id() + "/";
            urls.put("stream", prefix + "stream");
            urls.put("h264", prefix + "h264");
            urls.put("snapshot", prefix + "snapshot");
            urls.put("settings", prefix + "settings");
            urls.put("legacyPort", served.legacyPort() == ServedCamera.NO_LEGACY_PORT ? null : served.legacyPort());
        }

        void describeIn(ObjectNode root) {
            SourceStatus source = camera.status();
            ObjectNode sourceNode = root.putObject("source");
            sourceNode.put("kind", source.kind());
            sourceNode.put("description", source.description());
            sourceNode.put("online", source.online());
            sourceNode.put("lastError", source.lastError());
            sourceNode.put("offlineSince", source.offlineSince() == null ? null : source.offlineSince().toString());
            sourceNode.put("retries", source.retries());
            // The size as captured, before any output scaling (the encoder's size is the hub's latestWidth); null,
            // not 0, while the size is unknown: a camera or URL that has never opened.
            Size captured = camera.sourceSize();
            sourceNode.put("width", captured != null && captured.width() > 0 ? captured.width() : null);
            sourceNode.put("height", captured != null && captured.height() > 0 ? captured.height() : null);
            sourceNode.put("targetFps", source.nominalFps());
            sourceNode.put("measuredFps", round(capturedRate.perSecond()));
            sourceNode.put("framesCaptured", stats.captured.sum());
            sourceNode.put("failures", stats.sourceFailures.sum());

            EncodeSettings settings = camera.settings();
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

            H264Status h264 = camera.h264Status();
            ObjectNode h264Node = root.putObject("h264");
            h264Node.put("encoder", h264.passthrough() ? "passthrough" : h264.encoder().isEmpty() ? null : h264.encoder());
            h264Node.put("passthrough", h264.passthrough());
            h264Node.put("encoderOpen", h264.open());
            h264Node.put("bitrate", h264.bitrate());
            h264Node.put("keyframeIntervalSeconds", h264.keyframeIntervalSeconds());
            h264Node.put("meanEncodeMillis", round(h264.encodeMillisPerFrame()));
            h264Node.put("framesEncoded", h264.framesEncoded());
            double h264PerSecond = h264PublishedRate.perSecond();
            h264Node.put("publishedFps", round(h264PerSecond));
            h264Node.put("measuredBitrate", Math.round(h264PublishedBytesRate.perSecond() * 8));
            h264Node.put("framesPublished", stats.h264Published.sum());
            h264Node.put("keyframesForced", h264.keyframesForced());
            h264Node.put("encoderOpens", h264.encoderOpens());
            h264Node.put("decoderOpens", h264.decoderOpens());
            h264Node.put("listeners", camera.h264Hub().listenerCount());

            FrameHub hub = camera.hub();
            Frame latest = hub.latest();
            ObjectNode hubNode = root.putObject("hub");
            hubNode.put("listeners", hub.listenerCount());
            hubNode.put("latestSequence", latest == null ? 0 : latest.sequence());
            hubNode.put("latestWidth", latest == null ? 0 : latest.width());
            hubNode.put("latestHeight", latest == null ? 0 : latest.height());
            hubNode.put("latestBytes", latest == null ? 0 : latest.size());
            hubNode.put("latestCaptureMicros", latest == null ? 0 : latest.captureEpochMicros());
            // The renditions of other sizes asked for with ?size=, each encoded only while it has listeners.
            ArrayNode otherSizes = hubNode.putArray("otherSizes");
            camera.otherSizes().entrySet().stream().sorted(Map.Entry.comparingByKey(
                    Comparator.comparingInt(Size::width).thenComparingInt(Size::height))).forEach(other -> {
                        ObjectNode node = otherSizes.addObject();
                        node.put("size", other.getKey().toString());
                        node.put("listeners", other.getValue().listenerCount());
                    });

            RecordingState.describeIn(root.putObject("recording"), camera.recording());
            PublishState.describeIn(root.putArray("publish"), camera.publishers().statuses());
            MqttState.describeIn(root, camera.mqttStatus());

            ClientRegistry registry = served.clients();
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
                ClientInfo.Reception reception = client.reception();
                if (reception != null) { // RTSP clients' RTCP receiver reports
                    ObjectNode rtcp = node.putObject("reception");
                    rtcp.put("fractionLost", round(reception.fractionLost()));
                    rtcp.put("cumulativeLost", reception.cumulativeLost());
                    rtcp.put("jitterMillis", round(reception.jitterMillis()));
                }
            });
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
