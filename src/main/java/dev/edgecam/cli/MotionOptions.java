package dev.edgecam.cli;

import dev.edgecam.motion.MotionConfig;
import dev.edgecam.motion.MotionMask;
import dev.edgecam.record.RecordDurations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code serve}'s motion flags for its one camera: the keys of a camera's {@code motion:} in the config file
 * ({@code --motion-min-area} is {@code motion: {min_area: ...}}). Any of them turns motion detection on.
 */
final class MotionOptions {

    @Option(names = "--motion-mode", paramLabel = "MODE", description = "on or off (default: on when another"
            + " --motion-* flag is given, else off). Looks for motion and makes motion_start/motion_end events.")
    String mode;

    @Option(names = "--motion-fps", paramLabel = "N", description = "Pictures looked at per second (0.5 to 30;"
            + " default: 5).")
    Double fps;

    @Option(names = "--motion-sensitivity", paramLabel = "S", description = "0 to 1: how faint a change counts"
            + " (default: 0.5).")
    Double sensitivity;

    @Option(names = "--motion-min-area", paramLabel = "SHARE", description = "Share of the picture that must change,"
            + " such as 1%% (default: 1%%).")
    String minArea;

    @Option(names = "--motion-cooldown", paramLabel = "DURATION", description = "Time without motion that ends an"
            + " event (default: 2s).")
    String cooldown;

    @Option(names = "--motion-pre", paramLabel = "DURATION", description = "With --record-mode motion: a clip starts"
            + " at a keyframe at least this long before the motion (default: 5s).")
    String pre;

    @Option(names = "--motion-post", paramLabel = "DURATION", description = "With --record-mode motion: a clip goes"
            + " on this long after the motion (default: 10s).")
    String post;

    @Option(names = "--motion-mask", paramLabel = "x,y,w,h|x1,y1 x2,y2 ...", description = "A part of the picture"
            + " where motion does not count, in fractions of it (repeatable).")
    List<String> masks = new ArrayList<>();

    /** The motion detection the flags ask for, or {@link MotionConfig#OFF}; a bad value is the flag's usage error. */
    MotionConfig toConfig(CommandSpec spec) {
        try {
            boolean any = mode != null || fps != null || sensitivity != null || minArea != null || cooldown != null
                    || pre != null || post != null || !masks.isEmpty();
            boolean on = mode != null ? MotionConfig.parseMode(mode) : any;
            return new MotionConfig(on, fps == null ? MotionConfig.DEFAULT_FPS : fps,
                    sensitivity == null ? MotionConfig.DEFAULT_SENSITIVITY : sensitivity,
                    minArea == null ? MotionConfig.DEFAULT_MIN_AREA : MotionConfig.parseArea(minArea),
                    cooldown == null ? MotionConfig.DEFAULT_COOLDOWN : RecordDurations.parse(cooldown),
                    masks.stream().map(MotionMask::parse).toList(),
                    pre == null ? MotionConfig.DEFAULT_PRE : RecordDurations.parse(pre),
                    post == null ? MotionConfig.DEFAULT_POST : RecordDurations.parse(post));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "motion: " + e.getMessage());
        }
    }
}
