package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.motion.MotionConfig;
import dev.edgecam.motion.MotionMask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A camera's {@code motion:} in the config file: as the issue writes it, masks, off, and one-line errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MotionSettingsReaderTest {

    private static MotionConfig motionOf(String motionYaml) throws ConfigException {
        String yaml = "cameras:\n  - id: door\n    source: test\n    motion: " + motionYaml + "\n";
        return ConfigFile.parse(yaml, "edgecam.yml", null).firstCamera().motion();
    }

    @Test
    void readsKeysAndMasks() throws Exception {
        MotionConfig motion = motionOf("{fps: 5, sensitivity: 0.7, min_area: 2%, cooldown: 3s,"
                + " mask: ['0,0,0.5,0.2', '0.1,0.9 0.5,0.5 0.9,0.9']}");

        assertThat(motion).isEqualTo(new MotionConfig(true, 5, 0.7, 0.02, Duration.ofSeconds(3),
                List.of(MotionMask.parse("0,0,0.5,0.2"), MotionMask.parse("0.1,0.9 0.5,0.5 0.9,0.9"))));
        assertThat(motion.masks().get(1).points()).hasSize(3);
    }

    @Test
    void withoutMotionOrWithModeOffNothingIsLookedFor() throws Exception {
        String yaml = "cameras:\n  - id: door\n    source: test\n";
        assertThat(ConfigFile.parse(yaml, "edgecam.yml", null).firstCamera().motion()).isEqualTo(MotionConfig.OFF);
        assertThat(motionOf("{mode: off}").on()).isFalse();
        assertThat(motionOf("{}").on()).isTrue();
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> motionOf("{mask: '0,0,2,1'}"))
                .hasMessageStartingWith("edgecam.yml:4: cameras[0].motion.mask: '0,0,2,1' is not a mask");
        assertThatThrownBy(() -> motionOf("{fps: 100}"))
                .hasMessageStartingWith("edgecam.yml:4: cameras[0].motion.fps: expected a number from 0.5 to 30");
        assertThatThrownBy(() -> motionOf("{min_area: lots}")).hasMessageContaining("'lots' is not a share");
        assertThatThrownBy(() -> motionOf("{zones: x}")).hasMessageContaining("unknown key");
    }
}
