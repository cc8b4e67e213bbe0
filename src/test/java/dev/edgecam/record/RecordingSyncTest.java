package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.H264TestStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power cut could take, seen in the system calls ({@code strace -f -y} on a recording server in a child JVM,
 * {@link RecordingServerMain}, 2-second segments): every write to a segment is followed by an {@code fdatasync} of
 * that file within about a second, the last write of each closed segment (its end) is synced, and the day folder is
 * {@code fsync}ed when a file is created in it. A kill loses only the page cache's nothing; a power cut loses at most
 * what was written since the last sync.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordingSyncTest {

    /** {@code 1234 10:00:00.123456 write(57</tmp/x/door/2026-11-30/10-00-00.mp4>, ...}. */
    private static final Pattern CALL = Pattern.compile(
            "^\\d+\\s+(\\d{2}:\\d{2}:\\d{2}\\.\\d{6}) (write|pwrite64|fdatasync|fsync)\\(\\d+<([^>]+)>");
    /** Writes to be synced within this: the 0.5 s sync period, a frame, and strace's own slowness. */
    private static final long MAX_UNSYNCED_MICROS = 1_300_000;

    @TempDir
    Path dir;

    @Test
    void everyWriteToASegmentIsSyncedWithinASecond() throws Exception {
        H264TestStream.accessUnits();
        if (!Files.isExecutable(Path.of("/usr/bin/strace"))) {
            H264TestStream.skipLocallyFailInCi("/usr/bin/strace is missing: apt-get install strace (.ci/run does)");
        }
        Path trace = dir.resolve("trace.txt");
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "--seccomp-bpf", "-tt", "-y",
                "-s", "0", "-e", "trace=write,pwrite64,fdatasync,fsync", "-o", trace.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecordingServerMain.class.getName(),
                dir.resolve("rec").toString(), "2"));
        Process strace = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (segmentsLogged(log) < 4 && strace.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(segmentsLogged(log)).as(Files.readString(log)).isGreaterThanOrEqualTo(4);
        } finally {
            strace.descendants().forEach(ProcessHandle::destroyForcibly); // the JVM, then strace
            strace.destroyForcibly();
            strace.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, List<long[]>> writes = new LinkedHashMap<>();
        Map<String, List<Long>> syncs = new LinkedHashMap<>();
        List<String> folderSyncs = new ArrayList<>();
        long lastMicros = 0;
        for (String line : Files.readAllLines(trace)) {
            Matcher m = CALL.matcher(line);
            if (!m.find()) {
                continue;
            }
            long micros = LocalTime.parse(m.group(1)).toNanoOfDay() / 1000;
            lastMicros = Math.max(lastMicros, micros);
            String path = m.group(3);
            if (m.group(2).equals("fsync") && path.matches(".*/rec/door/\\d{4}-\\d{2}-\\d{2}")) {
                folderSyncs.add(path);
            } else if (path.endsWith(".mp4")) {
                if (m.group(2).equals("fdatasync")) {
                    syncs.computeIfAbsent(path, p -> new ArrayList<>()).add(micros);
                } else {
                    writes.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {micros});
                }
            }
        }
        assertThat(writes).as("segments written").hasSizeGreaterThanOrEqualTo(3);
        assertThat(folderSyncs).as("the day folder synced when a segment is created").isNotEmpty();
        List<String> files = new ArrayList<>(writes.keySet());
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            List<Long> synced = syncs.getOrDefault(file, List.of());
            boolean closed = i < files.size() - 1;
            for (long[] write : writes.get(file)) {
                long at = write[0];
                if (!closed && lastMicros - at < MAX_UNSYNCED_MICROS) {
                    continue; // written just before the kill: its sync had no time to come
                }
                assertThat(synced).as("a sync of %s within %d ms of the write at %s", file,
                        MAX_UNSYNCED_MICROS / 1000, LocalTime.ofNanoOfDay(at * 1000))
                        .anyMatch(s -> s >= at && s - at <= MAX_UNSYNCED_MICROS);
            }
            if (closed) {
                long lastWrite = writes.get(file).get(writes.get(file).size() - 1)[0];
                assertThat(synced).as("the end of closed segment %s synced", file).anyMatch(s -> s >= lastWrite);
            }
        }
    }

    private static long segmentsLogged(Path log) throws Exception {
        return Files.exists(log) ? Pattern.compile("RECORD: camera door: segment ").matcher(Files.readString(log))
                .results().count() : 0;
    }
}
