package dev.edgecam.config;

import dev.edgecam.config.ConfigTree.Entry;
import dev.edgecam.config.ConfigTree.Mapping;
import dev.edgecam.config.ConfigTree.Node;
import dev.edgecam.config.ConfigTree.Sequence;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.camera.CameraMulticast;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264EncoderName;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.events.EventOutputs;
import dev.edgecam.events.MqttTls;
import dev.edgecam.frame.Size;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the config file's {@code cameras} list: each camera's keys, its id (given, or {@code cam0}, {@code cam1}...
 * from its place), and its legacy port (the first camera's is 6810 unless given; the others have none unless
 * given). Ids and legacy ports must differ between cameras.
 */
final class CameraListReader {

    private static final Size DEFAULT_SIZE = new Size(1280, 720);
    private static final double DEFAULT_FPS = 30;

    private final MappingReader top;
    private final int httpPort;

    /**
     * @param top the reader of the file's top level
     * @param httpPort the server's HTTP port, which no legacy port may take
     */
    CameraListReader(MappingReader top, int httpPort) {
        this.top = top;
        this.httpPort = httpPort;
    }

    /** The cameras; without a {@code cameras} key, the one default camera ({@code edgecam serve} without flags). */
    List<CameraConfig> read() throws ConfigException {
        Entry list = top.entry(ConfigKeys.CAMERAS);
        if (list == null) {
            return List.of(defaultCamera());
        }
        if (!(list.value() instanceof Sequence sequence)) {
            throw top.expected(list, "a list of cameras, each starting with '- '");
        }
        if (sequence.items().isEmpty()) {
            throw top.error(list, "the list is empty; give at least one camera, or leave out cameras for the "
                    + "default one");
        }
        List<CameraConfig> cameras = new ArrayList<>();
        Map<String, Integer> idIndex = new HashMap<>();
        Map<Integer, Integer> portIndex = new HashMap<>();
        for (Node item : sequence.items()) {
            int index = cameras.size();
            String where = ConfigKeys.CAMERAS + "[" + index + "]";
            if (!(item instanceof Mapping mapping)) {
                throw top.error(item.line(), where, "expected a camera (keys such as id and source), got "
                        + MappingReader.describe(item));
            }
            MappingReader reader = top.child(where, mapping);
            CameraConfig camera = camera(index, reader);
            Integer sameId = idIndex.putIfAbsent(camera.id(), index);
            if (sameId != null) {
                throw reader.error(reader.lineOf("id"), reader.pathOf("id"), camera.id() + " is also the id of "
                        + ConfigKeys.CAMERAS + "[" + sameId + "]" + (reader.has("id") ? "" : " (a camera without an "
                        + "id is cam0, cam1... by its place in the list)") + "; give each camera its own id");
            }
            checkLegacyPort(camera, index, reader, portIndex);
            cameras.add(camera);
        }
        return cameras;
    }

    private CameraConfig camera(int index, MappingReader camera) throws ConfigException {
        camera.allowOnly(ConfigKeys.CAMERA, ConfigKeys.SERVER, "a server-wide setting: put it at the top of the file, "
                + "not under " + ConfigKeys.CAMERAS);
        String id = camera.parsed("id", CameraListReader::id, derivedId(index));
        SourceSpec source = camera.parsed("source", this::source, SourceSpec.auto());
        Size size = camera.parsed("size", Size::parse, DEFAULT_SIZE);
        double fps = camera.number("fps", Range.FPS, DEFAULT_FPS);
        int quality = (int) camera.wholeNumber("quality", Range.QUALITY, EncodeSettings.DEFAULT_QUALITY);
        int legacyPort = (int) camera.wholeNumber("legacy_port", Range.PORT,
                index == 0 ? LegacyProtocol.DEFAULT_PORT : CameraConfig.NO_LEGACY_PORT);
        H264Settings h264 = new H264Settings(
                camera.parsed("h264_encoder", H264EncoderName::parse, H264EncoderName.AUTO),
                camera.parsed("h264_bitrate", H264Settings::parseBitrate, H264Settings.AUTO_BITRATE),
                camera.number("keyframe_interval", Range.KEYFRAME_INTERVAL_SECONDS, H264Settings.DEFAULT_KEYFRAME_SECONDS));
        CameraMulticast multicast = new CameraMulticast(camera.parsed("multicast", CameraMulticast::parseGroup, null),
                (int) camera.wholeNumber("multicast_ttl", Range.MULTICAST_TTL, CameraMulticast.DEFAULT_TTL));
        List<URI> webhooks = camera.parsedList("webhook",
                urls -> Arrays.stream(urls.split(",")).map(EventOutputs::webhook).toList(), List.of());
        URI mqtt = camera.parsed("mqtt", EventOutputs::broker, null);
        MqttTls mqttTls = MqttTlsReader.read(camera, mqtt);
        List<PublishTarget> publish = camera.parsedTexts("publish",
                urls -> PublishTarget.requireDistinct(urls.stream().map(PublishTarget::parse).toList()), List.of());
        try {
            return new CameraConfig(id, source, size, fps, EncodeSettings.defaults().withQuality(quality), legacyPort,
                    h264, multicast, RecordSettingsReader.read(camera), new EventOutputs(webhooks, mqtt, mqttTls),
                    MotionSettingsReader.read(camera), publish);
        } catch (IllegalArgumentException e) {
            throw camera.error(camera.lineOf(ConfigKeys.RECORD), camera.pathOf(ConfigKeys.RECORD), e.getMessage());
        }
    }

    private void checkLegacyPort(CameraConfig camera, int index, MappingReader reader, Map<Integer, Integer> portIndex)
            throws ConfigException {
        int port = camera.legacyPort();
        if (port <= 0) {
            return; // none, or a free one picked at start: never a clash
        }
        String where = reader.pathOf("legacy_port");
        if (port == httpPort) {
            throw reader.error(reader.lineOf("legacy_port"), where, port + " is also http_port; give each its own port");
        }
        Integer samePort = portIndex.putIfAbsent(port, index);
        if (samePort != null) {
            throw reader.error(reader.lineOf("legacy_port"), where, port + " is also the legacy_port of "
                    + ConfigKeys.CAMERAS + "[" + samePort + "]" + (samePort == 0 ? " (6810 unless given)" : "")
                    + "; give each camera its own port");
        }
    }

    private static String id(String text) {
        if (!CameraConfig.ID.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a camera id: use 1 to 64 letters, digits, - and _ "
                    + "(it becomes part of the camera's URLs, /cam/ID/stream)");
        }
        return text;
    }

    /** As {@code --source} reads it, with a relative {@code file:} path taken from the config file's folder. */
    private SourceSpec source(String text) {
        SourceSpec spec = SourceSpec.parse(text);
        if (spec.kind() == SourceSpec.Kind.FILE) {
            return new SourceSpec(SourceSpec.Kind.FILE, top.resolve(spec.target()).toString());
        }
        return spec;
    }

    private static CameraConfig defaultCamera() {
        return new CameraConfig(derivedId(0), SourceSpec.auto(), DEFAULT_SIZE, DEFAULT_FPS, EncodeSettings.defaults(),
                LegacyProtocol.DEFAULT_PORT);
    }

    /** The id of the camera at this place in the list (from 0) when the config file gives none. */
    private static String derivedId(int index) {
        return "cam" + index;
    }
}
