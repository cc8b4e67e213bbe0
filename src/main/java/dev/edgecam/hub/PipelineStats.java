package dev.edgecam.hub;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** Running totals of the capture side, read by the status line, {@code /state} and {@code /metrics}. */
public final class PipelineStats {

    /** Frames the source produced, watched or not. */
    public final LongAdder captured = new LongAdder();
    /** JPEG frames published to the JPEG hubs (encoded or passed through). */
    public final LongAdder published = new LongAdder();
    /** Frames this process encoded itself (not counting passthrough). */
    public final LongAdder encoded = new LongAdder();
    public final LongAdder encodeNanos = new LongAdder();
    public final LongAdder publishedBytes = new LongAdder();
    /**
     * H.264 access units published to the H.264 hub (encoded or passed through), counted apart from the JPEGs: a
     * camera watched in both renditions publishes each captured frame twice.
     */
    public final LongAdder h264Published = new LongAdder();
    public final LongAdder h264PublishedBytes = new LongAdder();
    /** Times the source failed and was reopened. */
    public final LongAdder sourceFailures = new LongAdder();

    /** Told the duration of each encode (for the {@code /metrics} histogram); one observer, set once at start. */
    private volatile LongConsumer encodeTimeObserver = nanos -> { };

    /** Counts one frame this process encoded, which took {@code nanos}. Called by the capture loop. */
    public void recordEncode(long nanos) {
        encodeNanos.add(nanos);
        encoded.increment();
        encodeTimeObserver.accept(nanos);
    }

    /** Makes {@code observer} hear every encode's duration in nanoseconds, on the capture thread: it must be quick. */
    public void observeEncodeTimes(LongConsumer observer) {
        this.encodeTimeObserver = observer;
    }
}
