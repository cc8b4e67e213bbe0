package dev.edgecam.cli;

import dev.edgecam.record.MinFree;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.record.RecordDurations;
import dev.edgecam.record.RecordMode;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code serve}'s recording flags for its one camera: the keys of a camera's {@code record:} in the config file
 * ({@code --record-min-free} is {@code record: {min_free: ...}}). Giving {@code --record-dir} alone records
 * continuously with the defaults.
 */
final class RecordOptions {

    @Option(names = "--record-mode", paramLabel = "MODE", description = "continuous or off (default: continuous when"
            + " --record-dir is given, else off). Records the camera on this machine in segment files.")
    String mode;

    @Option(names = "--record-dir", paramLabel = "DIR", description = "Folder of the recordings; each camera writes"
            + " DIR/CAMERA/YYYY-MM-DD/HH-MM-SS.mp4 (UTC), or .mkv for a camera without H.264 (default: recordings).")
    Path dir;

    @Option(names = "--record-segment", paramLabel = "DURATION", description = "Length of a segment file; boundaries"
            + " fall on wall-clock multiples of it (2s to 1d; default: 5m).")
    String segment;

    @Option(names = "--record-keep", paramLabel = "DURATION", description = "Segments older than this are deleted"
            + " (such as 7d or 2w; default: 7d).")
    String keep;

    @Option(names = "--record-min-free", paramLabel = "AMOUNT", description = "The oldest segments are deleted while"
            + " the disk has less free than this share or amount (such as 10%% or 2GiB; default: 10%%).")
    String minFree;

    @Option(names = "--record-codec", paramLabel = "CODEC", description = "auto (H.264 when the camera has it, else"
            + " its JPEGs), h264 or mjpeg (default: auto).")
    String codec;

    @Option(names = "--record-events-keep", paramLabel = "DURATION", description = "Event files (motion-mode clips,"
            + " motion snapshots) older than this are deleted (such as 30d; default: as --record-keep).")
    String eventsKeep;

    /** The recording the flags ask for, or {@link RecordConfig#OFF}; a bad value is the flag's usage error. */
    RecordConfig toConfig(CommandSpec spec) {
        try {
            boolean any = mode != null || dir != null || segment != null || keep != null || minFree != null
                    || codec != null || eventsKeep != null;
            RecordMode recordMode = mode != null ? RecordMode.parse(mode) : any ? RecordMode.CONTINUOUS : RecordMode.OFF;
            Duration segmentLength = segment == null ? RecordConfig.DEFAULT_SEGMENT : RecordDurations.parse(segment);
            Duration keepFor = keep == null ? RecordConfig.DEFAULT_KEEP : RecordDurations.parse(keep);
            return new RecordConfig(recordMode, dir == null ? RecordConfig.DEFAULT_DIR : dir, segmentLength,
                    keepFor,
                    minFree == null ? MinFree.DEFAULT : MinFree.parse(minFree),
                    codec == null ? RecordCodec.AUTO : RecordCodec.parse(codec),
                    eventsKeep == null ? keepFor : RecordDurations.parse(eventsKeep));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "recording: " + e.getMessage());
        }
    }
}
