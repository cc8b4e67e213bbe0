package dev.edgecam.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a camera has recorded, read from its folder ({@code DIR/CAMERA/YYYY-MM-DD/HH-MM-SS.ext}) for playback: the
 * days, and each day's segments with their start (from the name, to the second), length and size. The length is
 * the file's last write minus its start: segments are flushed at least every half second, so it is right to about a
 * second without opening the file.
 */
public final class RecordingIndex {

    /** A day folder's name. */
    public static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A segment's name (not a motion snapshot); {@code -event} marks a motion-mode clip. */
    public static final Pattern SEGMENT = Pattern.compile("\\d{2}-\\d{2}-\\d{2}(-\\d{1,2})?(-event)?\\.(mp4|mkv)");

    /** How much later than its last write a segment may have ended (the writers flush every half second). */
    static final Duration END_SLACK = Duration.ofSeconds(2);

    private RecordingIndex() {
    }

    /**
     * One recorded segment.
     *
     * @param path its path under the camera's folder, {@code YYYY-MM-DD/HH-MM-SS.mp4}
     */
    public record Segment(String path, Instant start, Duration duration, long bytes) {

        public Instant end() {
            return start.plus(duration);
        }
    }

    /** The days with recordings, oldest first; empty when there is no folder. */
    public static List<String> days(Path cameraDir) throws IOException {
        List<String> days = new ArrayList<>();
        if (!Files.isDirectory(cameraDir)) {
            return days;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(cameraDir, Files::isDirectory)) {
            for (Path day : found) {
                if (DAY.matcher(day.getFileName().toString()).matches()) {
                    days.add(day.getFileName().toString());
                }
            }
        }
        days.sort(Comparator.naturalOrder());
        return days;
    }

    /** The segments of {@code day}, oldest first. */
    public static List<Segment> segments(Path cameraDir, String day) throws IOException {
        List<Segment> segments = new ArrayList<>();
        Path folder = cameraDir.resolve(day);
        if (!DAY.matcher(day).matches() || !Files.isDirectory(folder)) {
            return segments;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            for (Path file : files) {
                Optional<Instant> start = SegmentClock.startOf(file);
                if (start.isEmpty() || !SEGMENT.matcher(file.getFileName().toString()).matches()) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                Duration length = Duration.between(start.get(), attributes.lastModifiedTime().toInstant());
                segments.add(new Segment(day + "/" + file.getFileName(), start.get(),
                        length.isNegative() ? Duration.ZERO : length, attributes.size()));
            }
        }
        segments.sort(Comparator.comparing(Segment::start).thenComparing(Segment::path));
        return segments;
    }

    /**
     * The segments that may hold a frame in {@code [from, to)}, oldest first: a segment's end is known to about a
     * second, so one ending up to {@link #END_SLACK} before {@code from} is listed too (a clip cutter skips what lies
     * outside). Segments last at most a day, so the day before {@code from}'s is looked at as well.
     */
    public static List<Segment> between(Path cameraDir, Instant from, Instant to) throws IOException {
        String firstDay = from.minus(RecordConfig.MAX_SEGMENT).toString().substring(0, 10);
        String lastDay = to.toString().substring(0, 10);
        List<Segment> found = new ArrayList<>();
        for (String day : days(cameraDir)) {
            if (day.compareTo(firstDay) >= 0 && day.compareTo(lastDay) <= 0) {
                for (Segment segment : segments(cameraDir, day)) {
                    if (segment.start().isBefore(to) && !segment.end().plus(END_SLACK).isBefore(from)) {
                        found.add(segment);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The file of {@code path} ({@code YYYY-MM-DD/HH-MM-SS.ext}) in the camera's folder, or empty when it names no
     * segment there: only names of that form are taken, so no request reaches outside the folder.
     */
    public static Optional<Path> file(Path cameraDir, String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 2 || !DAY.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        Path file = cameraDir.resolve(parts[0]).resolve(parts[1]);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
