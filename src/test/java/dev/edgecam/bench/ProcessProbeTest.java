package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProcessProbeTest {

    /** A real /proc/PID/task/TID/stat line of a thread whose name holds spaces and a parenthesis. */
    private static final String STAT = "4242 (G1 Conc#0) x) S 1 4242 4242 0 -1 4194368 12 0 0 0 "
            + "731 52 0 0 20 0 26 0 1809 3906154496 41873 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void readsNameAndCpuTicksFromAStatLine() {
        assertThat(ProcessProbe.threadName(STAT)).isEqualTo("G1 Conc#0) x");
        assertThat(ProcessProbe.cpuTicks(STAT)).isEqualTo(731 + 52);
        assertThat(ProcessProbe.isGcThread("G1 Conc#0) x")).isTrue();
        assertThat(ProcessProbe.isGcThread("GC Thread#1")).isTrue();
        assertThat(ProcessProbe.isGcThread("edgecam-capture")).isFalse();
        assertThat(ProcessProbe.isJitThread("C2 CompilerThre")).isTrue();
        assertThat(ProcessProbe.isJitThread("C1 CompilerThre")).isTrue();
        assertThat(ProcessProbe.isJitThread("GC Thread#1")).isFalse();
    }

    @Test
    void threadsAreComparedOneByOneSoAThreadThatEndedCannotMakeAShareNegative() {
        var before = new ProcessProbe.Sample(0, 500, Map.of(
                1L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.JIT, 300),
                2L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.CAPTURE, 100)), 0, 0);
        var after = new ProcessProbe.Sample(0, 560, Map.of(
                2L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.CAPTURE, 130),
                3L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.JIT, 20)), 0, 0);

        assertThat(after.ticksSince(before, ProcessProbe.Role.JIT)).as("thread 1 ended; thread 3 is new").isEqualTo(20);
        assertThat(after.ticksSince(before, ProcessProbe.Role.CAPTURE)).isEqualTo(30);
        assertThat(after.ticksSince(before, ProcessProbe.Role.GC)).isZero();
        assertThat(ProcessProbe.role("edgecam-capture")).isEqualTo(ProcessProbe.Role.CAPTURE);
        assertThat(ProcessProbe.role("C2 CompilerThre")).isEqualTo(ProcessProbe.Role.JIT);
        assertThat(ProcessProbe.role("G1 Refine#0")).isEqualTo(ProcessProbe.Role.GC);
        assertThat(ProcessProbe.role("multiThreadIoEv")).isEqualTo(ProcessProbe.Role.OTHER);
    }

    @Test
    void aThreadThatEndsMidWindowKeepsItsLastSeenTimeInItsRole() {
        var before = new ProcessProbe.Sample(0, 500, Map.of(
                1L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.JIT, 300)), 0, 0);
        var midWindow = new ProcessProbe.Sample(1, 560, Map.of(
                1L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.JIT, 340)), 0, 0).keepingEndedThreadsOf(before);
        var after = new ProcessProbe.Sample(2, 600, Map.of(
                2L, new ProcessProbe.ThreadTicks(ProcessProbe.Role.OTHER, 10)), 0, 0).keepingEndedThreadsOf(midWindow);

        assertThat(after.ticksSince(before, ProcessProbe.Role.JIT)).as("thread 1 ended after the middle reading")
                .isEqualTo(40);
        assertThat(after.ticksSince(before, ProcessProbe.Role.OTHER)).isEqualTo(10);
        assertThat(after.cpuTicks()).as("the process total is the newest reading's").isEqualTo(600);
    }

    @Test
    void readsMemoryFromTheStatusFile() {
        String status = "Name:\tjava\nVmHWM:\t  200508 kB\nVmRSS:\t  180224 kB\nThreads:\t26\n";
        assertThat(ProcessProbe.statusKb(status, "VmRSS:")).isEqualTo(180224);
        assertThat(ProcessProbe.statusKb(status, "VmHWM:")).isEqualTo(200508);
        assertThat(ProcessProbe.statusKb(status, "VmSwap:")).isEqualTo(-1);
    }

    @Test
    void samplesThisProcess() throws IOException {
        ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
        assertThat(self.available()).isTrue();
        ProcessProbe.Sample sample = self.sample();
        assertThat(sample.rssKb()).isPositive();
        assertThat(sample.peakRssKb()).isGreaterThanOrEqualTo(sample.rssKb());
        assertThat(sample.cpuTicks()).isPositive();
        assertThat(sample.threads()).as("this JVM's threads, by id").isNotEmpty();
    }

    @Test
    void aMissingProcessIsNamed() {
        ProcessProbe gone = new ProcessProbe(Integer.MAX_VALUE);
        assertThat(gone.available()).isFalse();
        assertThatThrownBy(gone::sample).isInstanceOf(IOException.class).hasMessageContaining("is not running");
    }
}
