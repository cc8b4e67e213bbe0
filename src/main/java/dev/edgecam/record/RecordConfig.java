package dev.edgecam.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one camera records ({@code record:} of a camera in the config file, or the {@code --record-*} flags).
 *
 * @param mode whether it records
 * @param dir the recordings folder; each camera writes under {@code DIR/CAMERA/}
 * @param segment the length of a segment file; boundaries fall on wall-clock multiples of it
 * @param keep segments older than this are deleted
 * @param minFree the oldest segments are deleted while the disk has less free
 * @param codec which rendition is stored
 * @param eventsKeep event files (motion-mode clips, motion snapshots) older than this are deleted; {@code keep}
 *                   unless set
 */
public record RecordConfig(RecordMode mode, Path dir, Duration segment, Duration keep, MinFree minFree,
                           RecordCodec codec, Duration eventsKeep) {

    public static final Duration DEFAULT_SEGMENT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_KEEP = Duration.ofDays(7);
    public static final Path DEFAULT_DIR = Path.of("recordings");
    /** Shortest segment: a segment must hold at least a few keyframes. */
    public static final Duration MIN_SEGMENT = Duration.ofSeconds(2);
    /** Longest segment: a day (longer ones would hide a day's folder behind another's). */
    public static final Duration MAX_SEGMENT = Duration.ofDays(1);
    /** Recording off: what a camera without {@code record:} has. */
    public static final RecordConfig OFF = new RecordConfig(RecordMode.OFF, DEFAULT_DIR, DEFAULT_SEGMENT, DEFAULT_KEEP,
            MinFree.DEFAULT, RecordCodec.AUTO);

    public RecordConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(minFree, "minFree");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(eventsKeep, "eventsKeep");
        if (segment.compareTo(MIN_SEGMENT) < 0 || segment.compareTo(MAX_SEGMENT) > 0) {
            throw new IllegalArgumentException("segment " + segment.toSeconds() + " s is out of range; use 2s to 1d");
        }
        if (keep.compareTo(segment) < 0) {
            throw new IllegalArgumentException("keep (" + keep.toSeconds() + " s) is shorter than a segment ("
                    + segment.toSeconds() + " s); keep at least one segment");
        }
    }

    /** Event files kept as long as segments. */
    public RecordConfig(RecordMode mode, Path dir, Duration segment, Duration keep, MinFree minFree, RecordCodec codec) {
        this(mode, dir, segment, keep, minFree, codec, keep);
    }

    /** Continuous recording into {@code dir} with the defaults for the rest. */
    public static RecordConfig continuous(Path dir) {
        return new RecordConfig(RecordMode.CONTINUOUS, dir, DEFAULT_SEGMENT, DEFAULT_KEEP, MinFree.DEFAULT,
                RecordCodec.AUTO);
    }

    public boolean on() {
        return mode != RecordMode.OFF;
    }

    public RecordConfig withSegment(Duration newSegment) {
        return new RecordConfig(mode, dir, newSegment, keep.compareTo(newSegment) < 0 ? newSegment : keep, minFree,
                codec, eventsKeep);
    }

    public RecordConfig withKeep(Duration newKeep) {
        return new RecordConfig(mode, dir, segment, newKeep, minFree, codec, eventsKeep.equals(keep) ? newKeep
                : eventsKeep);
    }

    public RecordConfig withMinFree(MinFree newMinFree) {
        return new RecordConfig(mode, dir, segment, keep, newMinFree, codec, eventsKeep);
    }

    public RecordConfig withCodec(RecordCodec newCodec) {
        return new RecordConfig(mode, dir, segment, keep, minFree, newCodec, eventsKeep);
    }

    public RecordConfig withEventsKeep(Duration newEventsKeep) {
        return new RecordConfig(mode, dir, segment, keep, minFree, codec, newEventsKeep);
    }
}
