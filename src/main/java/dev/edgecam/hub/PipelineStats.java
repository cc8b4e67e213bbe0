package dev.edgecam.hub;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of the capture side, read by the status line, {@code /state} and {@code /metrics}. */
public final class PipelineStats {

    /** Frames the source produced, watched or not. */
    public final LongAdder captured = new LongAdder();
    /** Frames published to the hub (encoded or passed through). */
    public final LongAdder published = new LongAdder();
    /** Frames this process encoded itself (not counting passthrough). */
    public final LongAdder encoded = new LongAdder();
    public final LongAdder encodeNanos = new LongAdder();
    public final LongAdder publishedBytes = new LongAdder();
    /** Times the source failed and was reopened. */
    public final LongAdder sourceFailures = new LongAdder();
}
