package dev.edgecam.transport.rtsp;

import dev.edgecam.hub.GopHub;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a camera's H.264 demanded from DESCRIBE's answer until the client's PLAY. In between the client is about to
 * watch but holds no subscriber of its own, and with nobody subscribed the capture loop stops encoding and releases
 * the cached keyframe: PLAY then found none and waited for the next forced keyframe, which the encoder makes at most
 * once a second (a lone viewer waited about a second after PLAY in every other run, and 50 arriving at once all did;
 * docs/benchmarks.md, RTSP). The held subscriber reads nothing (its cursor costs no memory: the hub's ring is
 * bounded); it only counts as demand. Released at PLAY, at the connection's end, or after {@link #LONGEST_SECONDS}
 * for a client that never plays. Used on the connection's event loop.
 */
final class DescribedDemand implements AutoCloseable {

    static final long LONGEST_SECONDS = 10;

    private GopHub.Subscriber held;

    /** Holds {@code hub}'s demand (instead of any held before) until {@link #close()} or the time limit. */
    void hold(GopHub hub, EventExecutor loop) {
        close();
        GopHub.Subscriber subscriber = hub.subscribe(frame -> { });
        held = subscriber;
        loop.schedule(subscriber::close, LONGEST_SECONDS, TimeUnit.SECONDS);
    }

    /** Releases the demand; idempotent. */
    @Override
    public void close() {
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
