package dev.edgecam.transport;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameListener;
import dev.edgecam.hub.GopHub;
import io.netty.channel.Channel;
import java.util.function.Function;

/**
 * Sends one client every frame of a {@link GopHub} it can decode, in order, with at most one frame write in flight
 * ({@link OneWriteInFlight}): the next frame is taken from the hub only once the socket has accepted the last.
 *
 * <p>So the client's buffer is one frame in Netty plus what the kernel holds, and a client slower than the camera
 * falls behind in the hub, whose policy then skips it to the next keyframe; the frames skipped are added to the
 * client's {@link ClientInfo#framesSkipped()} when it takes its next frame. The capture thread only wakes the pump. The message
 * written for a frame is the transport's own wrapping ({@code encode}), such as RTP packets or a WebSocket frame.
 *
 * <p>All methods but {@link #onFrame} run on the channel's event loop.
 */
public final class GopPump implements FrameListener {

    private final GopHub hub;
    private final ClientInfo client;
    private final Function<Frame, Object> encode;
    private final OneWriteInFlight writer;
    private GopHub.Subscriber subscriber;
    /** Skips already added to the client's count. */
    private long reportedSkips;

    /** @param encode the message to write for a frame: its bytes in this transport's framing */
    public GopPump(Channel channel, GopHub hub, ClientInfo client, Function<Frame, Object> encode) {
        this.hub = hub;
        this.client = client;
        this.encode = encode;
        this.writer = new OneWriteInFlight(channel, client, this::pump);
    }

    /** Starts following the hub from its cached keyframe (see {@link GopHub#subscribe}); does nothing if started. */
    public void start() {
        if (subscriber == null) {
            subscriber = hub.subscribe(this);
        }
        pump(); // the GOP so far woke nobody
    }

    /** Stops following the hub; a frame already being written still completes. Idempotent. */
    public void stop() {
        if (subscriber != null) {
            subscriber.close();
            reportSkips();
            subscriber = null;
        }
    }

    @Override
    public void onFrame(Frame frame) {
        writer.wake();
    }

    /** Writes the next frame the client can decode, if it is ready for one. */
    public void pump() {
        if (subscriber == null || !writer.open() || writer.busy()) {
            return;
        }
        Frame next = subscriber.next();
        reportSkips();
        if (next != null) {
            writer.write(next, encode.apply(next));
        }
    }

    private void reportSkips() {
        long skipped = subscriber.framesSkipped();
        if (skipped > reportedSkips) {
            client.framesSkipped(skipped - reportedSkips);
            reportedSkips = skipped;
        }
    }
}
