package dev.edgecam.record;

import dev.edgecam.frame.Durations;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a camera's oldest segments: those older than {@code keep}, and then, oldest first, more while the disk has
 * less than {@code min_free} free. <b>Event files</b> ({@link #isEvent}: motion-mode clips {@code HH-MM-SS-event.mp4}
 * and motion snapshots {@code HH-MM-SS-motion.jpg}) have their own age, {@code events_keep}, and when space is short
 * they go after every continuous segment of the camera. The segment being written is never deleted, and neither is anything that is not
 * a segment ({@code DIR/CAMERA/YYYY-MM-DD/HH-MM-SS.ext}); a day's folder left empty is removed.
 *
 * <p>Each camera looks after its own folder: with several cameras on one disk, each deletes its own oldest while
 * space is short, so they keep about the same span. A failure (a file that cannot be deleted) is logged and the next
 * run tries again; it never stops recording.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final String cameraId;
    private final Path cameraDir;
    /** The end of a motion-mode clip's name before its extension. */
    public static final String EVENT_CLIP_SUFFIX = "-event";
    private static final String SNAPSHOT_SUFFIX = "-motion.jpg";

    private final Duration keep;
    private final Duration eventsKeep;
    private final MinFree minFree;
    private final Supplier<Path> current;
    private long deleted;

    /**
     * @param current the segment being written now, or null: never deleted
     */
    public Retention(String cameraId, Path cameraDir, Duration keep, Duration eventsKeep, MinFree minFree,
                     Supplier<Path> current) {
        this.cameraId = cameraId;
        this.cameraDir = cameraDir;
        this.keep = keep;
        this.eventsKeep = eventsKeep;
        this.minFree = minFree;
        this.current = current;
    }

    /** One pass at {@code now}; returns how many segments it deleted. Safe to call from one thread at a time. */
    public synchronized int run(Instant now) {
        if (!Files.isDirectory(cameraDir)) {
            return 0;
        }
        int count = 0;
        try {
            List<Segment> segments = segments();
            Path writing = current.get();
            segments.removeIf(s -> s.file().equals(writing));
            for (Iterator<Segment> it = segments.iterator(); it.hasNext(); ) {
                Segment segment = it.next();
                Duration age = isEvent(segment.file()) ? eventsKeep : keep;
                if (segment.start().isBefore(now.minus(age))) {
                    it.remove();
                    count += delete(segment, "older than " + Durations.format(age)) ? 1 : 0;
                }
            }
            // Short of space: continuous segments first, oldest first; event files only when none is left.
            segments.sort(Comparator.comparing((Segment s) -> isEvent(s.file())).thenComparing(Segment::start));
            FileStore store = Files.getFileStore(cameraDir);
            long required = minFree.requiredBytes(store);
            while (!segments.isEmpty() && store.getUsableSpace() < required) {
                count += delete(segments.remove(0), "less than " + minFree + " free on the disk") ? 1 : 0;
            }
            if (segments.isEmpty() && store.getUsableSpace() < required) {
                log.warn("RECORD: camera {}: less than {} free in {} and no older segment of this camera left to"
                        + " delete; free space there", cameraId, minFree, cameraDir);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("RECORD: camera {}: retention in {} failed: {}; trying again at the next run", cameraId, cameraDir,
                    e.toString());
        }
        deleted += count;
        return count;
    }

    /** Whether {@code file} belongs to an event (a motion-mode clip or a motion snapshot): kept for events_keep. */
    public static boolean isEvent(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SNAPSHOT_SUFFIX) || name.matches(".*" + EVENT_CLIP_SUFFIX + "\\.\\w+");
    }

    /** Segments deleted so far. */
    public synchronized long deleted() {
        return deleted;
    }

    /** This camera's segments, oldest first. */
    List<Segment> segments() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> days = Files.newDirectoryStream(cameraDir, Files::isDirectory)) {
            for (Path day : days) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(day, Files::isRegularFile)) {
                    for (Path file : files) {
                        Optional<Instant> start = SegmentClock.startOf(file);
                        start.ifPresent(instant -> found.add(new Segment(file, instant)));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Segment::start).thenComparing(Segment::file));
        return found;
    }

    private boolean delete(Segment segment, String why) {
        try {
            Files.deleteIfExists(segment.file());
            log.info("RECORD: camera {}: deleted {} ({})", cameraId, cameraDir.relativize(segment.file()), why);
            Path day = segment.file().getParent();
            try (DirectoryStream<Path> left = Files.newDirectoryStream(day)) {
                if (!left.iterator().hasNext()) {
                    Files.deleteIfExists(day);
                }
            }
            return true;
        } catch (IOException e) {
            log.warn("RECORD: camera {}: cannot delete {}: {}", cameraId, segment.file(), e.toString());
            return false;
        }
    }

    /** A segment file and when it began. */
    record Segment(Path file, Instant start) {
    }
}
