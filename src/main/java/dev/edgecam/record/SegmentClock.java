package dev.edgecam.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where segments begin and what their files are called. A segment ends at the first keyframe at or after the next
 * wall-clock multiple of the segment length (counted from midnight UTC, so 5-minute segments begin at :00, :05 ...),
 * and is named after its first frame: {@code DIR/CAMERA/YYYY-MM-DD/HH-MM-SS.mp4}.
 *
 * <p>Times in names are UTC, as Frigate's: a clock set back for winter time would otherwise name two segments the
 * same, and sorting names would not sort times.
 */
public final class SegmentClock {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd/HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private final long segmentMicros;

    public SegmentClock(long segmentMicros) {
        this.segmentMicros = segmentMicros;
    }

    /** The first boundary after {@code epochMicros}: where the segment holding it ends. */
    public long nextBoundary(long epochMicros) {
        return Math.floorDiv(epochMicros, segmentMicros) * segmentMicros + segmentMicros;
    }

    /**
     * The file of a segment whose first frame was captured at {@code epochMicros}, in {@code cameraDir}: a name not
     * taken yet ({@code HH-MM-SS-1.mp4} after a restart within the same second).
     */
    public static Path fileFor(Path cameraDir, long epochMicros, String extension) {
        Instant start = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000));
        Path day = cameraDir.resolve(DAY.format(start));
        String base = TIME.format(start);
        Path file = day.resolve(base + extension);
        for (int n = 1; Files.exists(file) && n < 100; n++) {
            file = day.resolve(base + "-" + n + extension);
        }
        return file;
    }

    /** When the segment {@code file} (named as {@link #fileFor} names it) began, to the second; empty for other files. */
    public static Optional<Instant> startOf(Path file) {
        Path day = file.getParent();
        if (day == null) {
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        if (name.length() < 12 || name.indexOf('.') < 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(NAME.parse(day.getFileName() + "/" + name.substring(0, 8))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
