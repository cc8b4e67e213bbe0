package dev.edgecam.publish;

import dev.edgecam.hub.GopHub;
import java.util.List;

/** A camera's publishers, one per {@code publish} URL, started together and stopped together. */
public final class Publishers implements AutoCloseable {

    /** A camera that publishes nowhere. */
    public static final Publishers NONE = new Publishers(List.of());

    private final List<Publisher> all;

    private Publishers(List<Publisher> all) {
        this.all = all;
    }

    /** Starts one publisher per target, each on its own thread, taking frames from {@code h264}. */
    public static Publishers start(String cameraId, List<PublishTarget> targets, GopHub h264, Backoff backoff) {
        return targets.isEmpty() ? NONE
                : new Publishers(targets.stream()
                        .map(target -> Publisher.start(cameraId, target, h264, backoff)).toList());
    }

    /** In the order of the camera's {@code publish} list. */
    public List<Publisher> all() {
        return all;
    }

    public List<PublishStatus> statuses() {
        return all.stream().map(Publisher::status).toList();
    }

    /** Stops every publisher at once, then waits for each. Idempotent. */
    @Override
    public void close() {
        all.forEach(Publisher::stop);
        all.forEach(Publisher::close);
    }
}
