package dev.edgecam.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.edgecam.config.ConfigTree.Entry;
import dev.edgecam.config.ConfigTree.Mapping;
import dev.edgecam.config.ConfigTree.Scalar;
import dev.edgecam.record.MinFree;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordDurations;
import dev.edgecam.record.RecordMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads a camera's {@code record:} mapping, such as {@code record: {mode: continuous, dir: /var/lib/edgecam/recordings,
 * segment: 5m, keep: 7d, min_free: 10%}}. Each key is also a flag of {@code serve} for the one camera of the flags
 * ({@code --record-mode}, {@code --record-dir}, ...). Without {@code record}, or with {@code mode: off}, the camera
 * does not record. A relative {@code dir} is taken from the config file's folder.
 */
final class RecordSettingsReader {

    private RecordSettingsReader() {
    }

    static RecordConfig read(MappingReader camera) throws ConfigException {
        Entry entry = camera.entry(ConfigKeys.RECORD);
        if (entry == null) {
            return RecordConfig.OFF;
        }
        if (!(entry.value() instanceof Mapping mapping)) {
            throw camera.expected(entry, "a mapping of recording keys (" + String.join(", ", ConfigKeys.RECORD_KEYS)
                    + "), such as {mode: continuous, dir: recordings}");
        }
        MappingReader record = camera.child(camera.pathOf(ConfigKeys.RECORD), mapping);
        record.allowOnly(ConfigKeys.RECORD_KEYS, List.of(), "");
        RecordMode mode = isFalse(record.entry("mode")) ? RecordMode.OFF // YAML 1.1 reads an unquoted off as false
                : record.parsed("mode", RecordMode::parse, RecordMode.CONTINUOUS);
        Path dir = record.has("dir") ? record.path("dir") : RecordConfig.DEFAULT_DIR;
        Duration segment = record.parsed("segment", RecordDurations::parse, RecordConfig.DEFAULT_SEGMENT);
        Duration keep = record.parsed("keep", RecordDurations::parse, RecordConfig.DEFAULT_KEEP);
        MinFree minFree = record.parsed("min_free", MinFree::parse, MinFree.DEFAULT);
        RecordCodec codec = record.parsed("codec", RecordCodec::parse, RecordCodec.AUTO);
        try {
            return new RecordConfig(mode, dir, segment, keep, minFree, codec);
        } catch (IllegalArgumentException e) {
            throw record.error(entry.line(), camera.pathOf(ConfigKeys.RECORD), e.getMessage());
        }
    }

    private static boolean isFalse(Entry entry) {
        return entry != null && entry.value() instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_FALSE;
    }
}
