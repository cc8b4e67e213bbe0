package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
    }

    @Test
    void aMissingProcessIsNamed() {
        ProcessProbe gone = new ProcessProbe(Integer.MAX_VALUE);
        assertThat(gone.available()).isFalse();
        assertThatThrownBy(gone::sample).isInstanceOf(IOException.class).hasMessageContaining("is not running");
    }
}
