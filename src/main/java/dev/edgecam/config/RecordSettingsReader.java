package dev.edgecam.config;

import dev.edgecam.record.MinFree;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordDurations;
import dev.edgecam.record.RecordMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a camera's {@code record:} mapping, such as {@code record: {mode: continuous, dir: /var/lib/edgecam/recordings,
 * segment: 5m, keep: 7d, min_free: 10%, events_keep: 30d}}. Each key is also a flag of {@code serve} for the one camera of the flags
 * ({@code --record-mode}, {@code --record-dir}, ...). Without {@code record}, or with {@code mode: off}, the camera
 * does not record. A relative {@code dir} is taken from the config file's folder.
 */
final class RecordSettingsReader {

    private RecordSettingsReader() {
    }

    static RecordConfig read(MappingReader camera) throws ConfigException {
        MappingReader record = camera.nested(ConfigKeys.RECORD, ConfigKeys.RECORD_KEYS,
                "{mode: continuous, dir: recordings}");
        if (record == null) {
            return RecordConfig.OFF;
        }
        RecordMode mode = Boolean.FALSE.equals(record.yamlSwitch("mode")) ? RecordMode.OFF
                : record.parsed("mode", RecordMode::parse, RecordMode.CONTINUOUS);
        Path dir = record.has("dir") ? record.path("dir") : RecordConfig.DEFAULT_DIR;
        Duration segment = record.parsed("segment", RecordDurations::parse, RecordConfig.DEFAULT_SEGMENT);
        Duration keep = record.parsed("keep", RecordDurations::parse, RecordConfig.DEFAULT_KEEP);
        MinFree minFree = record.parsed("min_free", MinFree::parse, MinFree.DEFAULT);
        RecordCodec codec = record.parsed("codec", RecordCodec::parse, RecordCodec.AUTO);
        Duration eventsKeep = record.parsed("events_keep", RecordDurations::parse, keep);
        try {
            return new RecordConfig(mode, dir, segment, keep, minFree, codec, eventsKeep);
        } catch (IllegalArgumentException e) {
            throw record.error(camera.lineOf(ConfigKeys.RECORD), camera.pathOf(ConfigKeys.RECORD), e.getMessage());
        }
    }
}
