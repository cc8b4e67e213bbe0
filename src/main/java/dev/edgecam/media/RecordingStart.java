package dev.edgecam.media;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * The wall-clock time of a recording's first frame, to the microsecond, kept in the file's own metadata (the
 * {@code comment} tag, which both MP4 and Matroska store and FFmpeg reads back): a segment's name says its start to
 * the second only, and cutting a clip at a keyframe needs the exact time of every packet.
 *
 * <pre>comment = "edgecam start 2026-11-30T07:00:00.123456Z"</pre>
 */
public final class RecordingStart {

    /** The metadata key (FFmpeg's name; MP4's {@code ©cmt}, Matroska's {@code COMMENT}). */
    public static final String KEY = "comment";
    private static final String PREFIX = "edgecam start ";

    private RecordingStart() {
    }

    /** The tag's value for a first frame captured at {@code epochMicros}. */
    public static String value(long epochMicros) {
        return PREFIX + Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000),
                Math.floorMod(epochMicros, 1_000_000) * 1000L);
    }

    /** The start a tag's value says, in epoch microseconds; empty for another comment or none. */
    public static OptionalLong parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            Instant start = Instant.parse(value.substring(PREFIX.length()).trim());
            return OptionalLong.of(start.getEpochSecond() * 1_000_000 + start.getNano() / 1000);
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
