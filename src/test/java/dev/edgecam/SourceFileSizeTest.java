package dev.edgecam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps every main source file small enough to read in one sitting: a file past {@link #MAX_LINES} is doing more
 * than one job, so split it by job (as {@code FfmpegSource} was into {@code FfmpegOpener} and {@code FilePacer})
 * rather than raising the limit.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SourceFileSizeTest {

    static final int MAX_LINES = 350;
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

    @Test
    void noMainSourceFileIsLongerThanTheLimit() throws IOException {
        assertThat(MAIN_SOURCES).as("run from the project directory, as Maven does").isDirectory();
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > MAX_LINES)
                    .map(file -> MAIN_SOURCES.relativize(file) + " (" + lines(file) + " lines)")
                    .sorted()
                    .toList();
        }
        assertThat(tooLong).as("main source files above %d lines: split each by job", MAX_LINES).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }
}
