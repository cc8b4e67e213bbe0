package dev.edgecam.record;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.FrameListener;
import dev.edgecam.hub.GopHub;
import dev.edgecam.hub.Renditions;
import java.util.function.BooleanSupplier;

/**
 * The recorder's subscription to one of a camera's hubs: the H.264 hub (through a {@link GopHub.Subscriber}, every
 * frame in order from a keyframe) or the default JPEG hub. Being subscribed is demand, so the camera encodes (or
 * passes through) that rendition while it records, as for any viewer.
 *
 * <p>On the capture thread each new frame goes into the {@link FrameQueue} at once (taking it from the subscriber
 * is a few reads), so the recorder sees every frame the hub publishes, not only the newest. Frames published while
 * the camera is offline ("no signal" pictures) are not recorded; recording resumes at the next keyframe.
 */
final class HubTap implements AutoCloseable {

    private final FrameQueue queue;
    private final BooleanSupplier online;
    private FrameHub jpegHub;
    private FrameListener jpegListener;
    private volatile GopHub.Subscriber h264;
    private volatile boolean closed;

    private HubTap(FrameQueue queue, BooleanSupplier online) {
        this.queue = queue;
        this.online = online;
    }

    /** Takes every frame of the H.264 hub. */
    static HubTap h264(Renditions renditions, FrameQueue queue, BooleanSupplier online) {
        HubTap tap = new HubTap(queue, online);
        GopHub hub = renditions.h264();
        tap.h264 = hub.subscribe(frame -> tap.drainH264());
        return tap;
    }

    /** Takes every frame of the default JPEG hub. */
    static HubTap jpeg(Renditions renditions, FrameQueue queue, BooleanSupplier online) {
        HubTap tap = new HubTap(queue, online);
        tap.jpegHub = renditions.defaultHub();
        tap.jpegListener = tap::take;
        tap.jpegHub.subscribe(tap.jpegListener);
        return tap;
    }

    /** On the capture thread: everything the subscriber has, in order. */
    private void drainH264() {
        GopHub.Subscriber subscriber = h264;
        if (subscriber == null) {
            return; // woken before subscribe returned: the next wake takes this frame too
        }
        for (Frame frame = subscriber.next(); frame != null && !closed; frame = subscriber.next()) {
            take(frame);
        }
    }

    private void take(Frame frame) {
        if (closed) {
            return;
        }
        if (online.getAsBoolean()) {
            queue.offer(frame);
        } else {
            queue.skipToKeyframe();
        }
    }

    /** Frames the hub's own buffer skipped for this subscriber (never, unless the capture thread itself fell behind). */
    long hubSkipped() {
        return h264 == null ? 0 : h264.framesSkipped();
    }

    @Override
    public void close() {
        closed = true;
        if (h264 != null) {
            h264.close();
        }
        if (jpegHub != null) {
            jpegHub.unsubscribe(jpegListener);
        }
    }
}
