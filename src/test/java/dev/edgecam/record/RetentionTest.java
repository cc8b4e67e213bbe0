package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on real folders: segments older than {@code keep} go, oldest first; on a small tmpfs the oldest go while
 * less than {@code min_free} is free; the segment being written and files that are not segments are never touched;
 * event clips and snapshots are kept for {@code events_keep}, and under {@code min_free} go after every segment.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void deletesSegmentsOlderThanKeepAndEmptyDays() throws Exception {
        Path camera = dir.resolve("door");
        Path oldDay = segment(camera, "2026-11-20/23-55-00.mp4", 10);
        segment(camera, "2026-11-22/10-00-00.mkv", 10);
        Path kept = segment(camera, "2026-11-24/08-05-00.mp4", 10); // 5 d 23 h 55 min old
        Path writing = segment(camera, "2026-11-30/07-55-00.mp4", 10);
        Path notes = Files.writeString(camera.resolve("2026-11-22").resolve("notes.txt"), "mine");
        Retention retention = new Retention("door", camera, Duration.ofDays(6), Duration.ofDays(6), new MinFree(0, 1), () -> writing);

        assertThat(retention.run(NOW)).isEqualTo(2);

        assertThat(files(camera)).containsExactly(notes, kept, writing);
        assertThat(oldDay.getParent()).doesNotExist();
        assertThat(retention.deleted()).isEqualTo(2);
    }

    @Test
    void deletesTheOldestWhileTooLittleIsFreeOnTheDisk() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir, 8)) {
            Path camera = disk.path().resolve("yard");
            List<Path> segments = List.of(
                    segment(camera, "2026-11-30/07-00-00.mp4", 1500),
                    segment(camera, "2026-11-30/07-05-00.mp4", 1500),
                    segment(camera, "2026-11-30/07-10-00.mp4", 1500),
                    segment(camera, "2026-11-30/07-15-00.mp4", 1500),
                    segment(camera, "2026-11-30/07-20-00.mp4", 1500));
            // 7.5 MiB used of 8: 0.5 MiB free; 3 MiB must be: the two oldest go (1.5 MiB each).
            Retention retention = new Retention("yard", camera, Duration.ofDays(7), Duration.ofDays(7), MinFree.parse("3MiB"),
                    () -> segments.get(4));

            assertThat(retention.run(NOW)).isEqualTo(2);

            assertThat(files(camera)).containsExactly(segments.get(2), segments.get(3), segments.get(4));
            assertThat(Files.getFileStore(camera).getUsableSpace()).isGreaterThanOrEqualTo(3L << 20);
            // A share works the same way: 50% of 8 MiB free needs one more deleted.
            new Retention("yard", camera, Duration.ofDays(7), Duration.ofDays(7), MinFree.parse("50%"), () -> segments.get(4)).run(NOW);
            assertThat(files(camera)).containsExactly(segments.get(3), segments.get(4));
            // More than can be freed: everything but the segment being written goes (and the log says so).
            new Retention("yard", camera, Duration.ofDays(7), Duration.ofDays(7), MinFree.parse("90%"), () -> segments.get(4)).run(NOW);
            assertThat(files(camera)).containsExactly(segments.get(4));
        }
    }

    @Test
    void eventFilesHaveTheirOwnAge() throws Exception {
        Path camera = dir.resolve("door");
        Path oldSegment = segment(camera, "2026-11-27/08-00-00.mp4", 1); // 3 days old
        Path newSegment = segment(camera, "2026-11-29/09-00-00.mkv", 1); // 23 h old
        Path keptClip = segment(camera, "2026-11-10/12-00-00-event.mp4", 1); // 20 days old
        Path keptSnapshot = segment(camera, "2026-11-10/12-00-03-motion.jpg", 1);
        Path keptRetry = segment(camera, "2026-11-27/08-00-00-1-event.mkv", 1);
        Path oldClip = segment(camera, "2026-10-30/07-00-00-event.mp4", 1); // 31 days old
        Path oldSnapshot = segment(camera, "2026-10-30/07-00-02-motion.jpg", 1);
        Retention retention = new Retention("door", camera, Duration.ofDays(2), Duration.ofDays(30), new MinFree(0, 1),
                () -> null);

        assertThat(retention.run(NOW)).isEqualTo(3);

        assertThat(files(camera)).containsExactly(keptClip, keptSnapshot, keptRetry, newSegment);
        assertThat(List.of(oldSegment, oldClip, oldSnapshot)).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(Retention.isEvent(keptRetry)).isTrue();
        assertThat(Retention.isEvent(newSegment)).isFalse();
    }

    @Test
    void shortOfSpaceContinuousSegmentsGoBeforeOlderEventClips() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir, 8)) {
            Path camera = disk.path().resolve("yard");
            Path clip = segment(camera, "2026-11-30/07-00-00-event.mp4", 1500);
            Path first = segment(camera, "2026-11-30/07-05-00.mp4", 1500);
            Path second = segment(camera, "2026-11-30/07-10-00.mp4", 1500);
            Path third = segment(camera, "2026-11-30/07-15-00.mp4", 1500);
            Path writing = segment(camera, "2026-11-30/07-20-00.mp4", 1500);
            new Retention("yard", camera, Duration.ofDays(7), Duration.ofDays(30), MinFree.parse("3MiB"), () -> writing)
                    .run(NOW);
            assertThat(files(camera)).containsExactly(clip, third, writing);
            assertThat(List.of(first, second)).allSatisfy(f -> assertThat(f).doesNotExist());
        }
    }

    private static Path segment(Path camera, String name, int kilobytes) throws IOException {
        Path file = camera.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[kilobytes * 1024]);
        return file;
    }

    private static List<Path> files(Path camera) throws IOException {
        try (Stream<Path> walk = Files.walk(camera)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
