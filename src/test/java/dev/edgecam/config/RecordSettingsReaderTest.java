package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.record.MinFree;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A camera's {@code record:} in the config file: read as the issue writes it, defaults, off, and one-line errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecordSettingsReaderTest {

    private static RecordConfig recordOf(String recordYaml) throws ConfigException {
        String yaml = "cameras:\n  - id: door\n    source: test\n    record: " + recordYaml + "\n";
        return ConfigFile.parse(yaml, "edgecam.yml", Path.of("/etc/edgecam")).firstCamera().record();
    }

    @Test
    void readsTheIssuesExample() throws Exception {
        RecordConfig record = recordOf("{mode: continuous, dir: /var/lib/edgecam/recordings, segment: 5m, keep: 7d,"
                + " min_free: 10%}");

        assertThat(record).isEqualTo(new RecordConfig(RecordMode.CONTINUOUS, Path.of("/var/lib/edgecam/recordings"),
                Duration.ofMinutes(5), Duration.ofDays(7), new MinFree(10, 0), RecordCodec.AUTO));
    }

    @Test
    void aRelativeDirIsBesideTheFileAndTheRestHasDefaults() throws Exception {
        RecordConfig record = recordOf("{dir: recordings, min_free: 2GiB, codec: mjpeg, segment: 10s, keep: 2w}");

        assertThat(record.mode()).isEqualTo(RecordMode.CONTINUOUS);
        assertThat(record.dir()).isEqualTo(Path.of("/etc/edgecam/recordings"));
        assertThat(record.minFree()).isEqualTo(new MinFree(0, 2L << 30));
        assertThat(record.codec()).isEqualTo(RecordCodec.MJPEG);
        assertThat(record.segment()).isEqualTo(Duration.ofSeconds(10));
        assertThat(record.keep()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void withoutRecordOrWithModeOffNothingIsRecorded() throws Exception {
        String yaml = "cameras:\n  - id: door\n    source: test\n";
        assertThat(ConfigFile.parse(yaml, "edgecam.yml", null).firstCamera().record()).isEqualTo(RecordConfig.OFF);
        assertThat(recordOf("{mode: off}").on()).isFalse(); // YAML 1.1 may read off as false
        assertThat(recordOf("{mode: 'off'}").on()).isFalse();
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> recordOf("{mode: sometimes}"))
                .hasMessage("edgecam.yml:4: cameras[0].record.mode: 'sometimes' is not a record mode; use continuous, motion or off");
        assertThatThrownBy(() -> recordOf("{mode: motion}")).hasMessageContaining("needs motion detection");
        assertThatThrownBy(() -> recordOf("{keep: forever}"))
                .hasMessageStartingWith("edgecam.yml:4: cameras[0].record.keep: 'forever' is not a recording length");
        assertThatThrownBy(() -> recordOf("{min_free: lots}")).hasMessageContaining("such as 10%");
        assertThatThrownBy(() -> recordOf("{folder: x}"))
                .hasMessageStartingWith("edgecam.yml:4: cameras[0].record.folder: unknown key; the keys here are mode, dir");
        assertThatThrownBy(() -> recordOf("yes please"))
                .hasMessageStartingWith("edgecam.yml:4: cameras[0].record: expected a mapping of record keys");
        assertThatThrownBy(() -> recordOf("{segment: 1s}")).hasMessageContaining("segment 1 s is out of range");
    }
}
