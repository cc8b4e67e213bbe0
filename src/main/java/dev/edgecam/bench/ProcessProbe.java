package dev.edgecam.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a local process's CPU time and memory from Linux's {@code /proc}: the whole process, its capture
 * thread ({@code edgecam-capture}: drawing or grabbing and JPEG encoding), its garbage collector's threads and
 * its JIT compiler's threads, so the report can give the serving cost with encoding excluded, and the GC and
 * compiler shares of it.
 */
public final class ProcessProbe {

    /** Clock ticks per second of {@code /proc} CPU times; 100 on every mainstream Linux build. */
    static final long TICKS_PER_SECOND = 100;
    static final String CAPTURE_THREAD = "edgecam-capture";

    private final long pid;
    private final Path proc;

    public ProcessProbe(long pid) {
        this(pid, Path.of("/proc"));
    }

    ProcessProbe(long pid, Path procRoot) {
        this.pid = pid;
        this.proc = procRoot.resolve(Long.toString(pid));
    }

    /** What a thread of the server does, by its name. */
    public enum Role { CAPTURE, GC, JIT, OTHER }

    /** One thread's CPU time at a reading. */
    public record ThreadTicks(Role role, long ticks) {
    }

    /**
     * One reading of the process's counters.
     *
     * @param cpuTicks the whole process, threads that have ended included
     * @param threads the threads running at the reading, by thread id
     */
    public record Sample(long nanoTime, long cpuTicks, Map<Long, ThreadTicks> threads, long rssKb, long peakRssKb) {

        /**
         * CPU ticks of the threads in {@code role} since {@code before}, thread by thread: the JVM starts and ends
         * compiler and collector threads as it goes, so totals of two readings cannot simply be subtracted. A
         * thread that ended between the readings is left out (its time stays in {@link #cpuTicks}).
         */
        public long ticksSince(Sample before, Role role) {
            long ticks = 0;
            for (Map.Entry<Long, ThreadTicks> thread : threads.entrySet()) {
                if (thread.getValue().role() == role) {
                    ThreadTicks earlier = before.threads().get(thread.getKey());
                    ticks += thread.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
                }
            }
            return ticks;
        }

        /**
         * This reading, still holding the threads of {@code earlier} that have ended since, at their last ticks:
         * read every so often during a window, so that a compiler thread the JVM stops mid-window keeps its time
         * in its role instead of passing for serving.
         */
        public Sample keepingEndedThreadsOf(Sample earlier) {
            Map<Long, ThreadTicks> merged = new HashMap<>(earlier.threads());
            merged.putAll(threads);
            return new Sample(nanoTime, cpuTicks, Map.copyOf(merged), rssKb, peakRssKb);
        }
    }

    /** True when {@code /proc/PID} can be read here (Linux, and the process exists). */
    public boolean available() {
        return Files.isReadable(proc.resolve("stat"));
    }

    public long pid() {
        return pid;
    }

    /**
     * Reads the counters now.
     *
     * @throws IOException naming the process when it is gone or {@code /proc} cannot be read
     */
    public Sample sample() throws IOException {
        long now = System.nanoTime();
        try {
            long cpu = cpuTicks(Files.readString(proc.resolve("stat")));
            Map<Long, ThreadTicks> threads = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (NoSuchFileException threadEnded) {
                        continue;
                    }
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadTicks(role(threadName(stat)), cpuTicks(stat)));
                }
            }
            String status = Files.readString(proc.resolve("status"));
            return new Sample(now, cpu, Map.copyOf(threads), statusKb(status, "VmRSS:"), statusKb(status, "VmHWM:"));
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " is not running (no " + e.getFile() + ")", e);
        }
    }

    /** What a thread does, by its name; bench/thread_roles.py has the same rules for the whole-life shares. */
    static Role role(String threadName) {
        if (threadName.equals(CAPTURE_THREAD)) {
            return Role.CAPTURE;
        }
        if (isGcThread(threadName)) {
            return Role.GC;
        }
        return isJitThread(threadName) ? Role.JIT : Role.OTHER;
    }

    /** HotSpot's collector threads: "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker" and so on. */
    static boolean isGcThread(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ");
    }

    /** HotSpot's JIT compiler threads, "C2 CompilerThread0" and "C1 CompilerThread0", cut to 15 characters by Linux. */
    static boolean isJitThread(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** The thread or process name between the parentheses of a stat line (it may itself hold spaces). */
    static String threadName(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        return stat.substring(open + 1, close);
    }

    /** utime + stime (fields 14 and 15) of a stat line, in clock ticks. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String value = line.substring(key.length()).trim();
                return Long.parseLong(value.split("\\s+")[0]);
            }
        }
        return -1;
    }
}
