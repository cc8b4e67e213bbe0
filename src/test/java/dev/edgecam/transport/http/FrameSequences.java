package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * What "every frame" means on a busy 2-core machine: the sequences a client received are in order, each once,
 * and none is missing, except when the box starved the server's event loop for longer than a frame interval.
 * Then the client rightly skipped to the newest frame (latest frame wins); such skips must be rare, and the
 * server must have counted them, never silent.
 */
final class FrameSequences {

    private FrameSequences() {
    }

    /** Frames missing between the first and the last of {@code sequences}. */
    static long missing(List<Long> sequences) {
        return sequences.get(sequences.size() - 1) - sequences.get(0) + 1 - sequences.size();
    }

    /**
     * @param sequences what one client received, in arrival order
     * @param skipsCounted the frames the server counted as skipped for that client
     */
    static void assertEveryFrameOrRareCountedSkips(List<Long> sequences, long skipsCounted) {
        assertThat(sequences).as("in order, each once").isNotEmpty().isSorted().doesNotHaveDuplicates();
        long missing = missing(sequences);
        assertThat(missing).as("frames missing from %s", sequences).isLessThanOrEqualTo(Math.max(1, sequences.size() / 20));
        assertThat(skipsCounted).as("skips the server counted").isGreaterThanOrEqualTo(missing);
    }
}
