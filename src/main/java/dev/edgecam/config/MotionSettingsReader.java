package dev.edgecam.config;

import dev.edgecam.motion.MotionConfig;
import dev.edgecam.motion.MotionMask;
import dev.edgecam.record.RecordDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a camera's {@code motion:} mapping, such as {@code motion: {fps: 5, sensitivity: 0.5, min_area: 1%,
 * cooldown: 2s, mask: ["0,0,0.5,0.2"]}}. Each key is also a flag of {@code serve} ({@code --motion-fps}, ...). Without
 * {@code motion}, or with {@code mode: off}, the camera does not look for motion.
 */
final class MotionSettingsReader {

    private MotionSettingsReader() {
    }

    static MotionConfig read(MappingReader camera) throws ConfigException {
        MappingReader motion = camera.nested(ConfigKeys.MOTION, ConfigKeys.MOTION_KEYS, "{fps: 5, min_area: 1%}");
        if (motion == null) {
            return MotionConfig.OFF;
        }
        Boolean yamlSwitch = motion.yamlSwitch("mode");
        boolean on = yamlSwitch != null ? yamlSwitch : motion.parsed("mode", MotionConfig::parseMode, true);
        double fps = motion.number("fps", Range.MOTION_FPS, MotionConfig.DEFAULT_FPS);
        double sensitivity = motion.number("sensitivity", Range.SHARE, MotionConfig.DEFAULT_SENSITIVITY);
        double minArea = motion.parsed("min_area", MotionConfig::parseArea, MotionConfig.DEFAULT_MIN_AREA);
        Duration cooldown = motion.parsed("cooldown", RecordDurations::parse, MotionConfig.DEFAULT_COOLDOWN);
        List<MotionMask> masks = new ArrayList<>();
        for (String mask : motion.texts("mask")) {
            try {
                masks.add(MotionMask.parse(mask));
            } catch (IllegalArgumentException e) {
                throw motion.error(motion.lineOf("mask"), motion.pathOf("mask"), e.getMessage());
            }
        }
        try {
            return new MotionConfig(on, fps, sensitivity, minArea, cooldown, masks,
                    motion.parsed("pre", RecordDurations::parse, MotionConfig.DEFAULT_PRE),
                    motion.parsed("post", RecordDurations::parse, MotionConfig.DEFAULT_POST));
        } catch (IllegalArgumentException e) {
            throw motion.error(camera.lineOf(ConfigKeys.MOTION), camera.pathOf(ConfigKeys.MOTION), e.getMessage());
        }
    }
}
