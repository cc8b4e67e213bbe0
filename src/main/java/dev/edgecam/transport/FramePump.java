package dev.edgecam.transport;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.FrameListener;
import io.netty.channel.Channel;
import java.util.function.LongSupplier;

/**
 * Sends one client the newest hub frame it has not yet sent, with at most one frame write in flight.
 *
 * <p>The capture thread only wakes the pump (one task at most is ever queued on the client's event loop);
 * the pump then reads {@link FrameHub#latest()}. So the buffer per client is bounded at one frame in Netty's
 * outbound buffer plus what the kernel's socket buffer holds; when the client is slower than the camera,
 * the frames published meanwhile are skipped (and counted), never queued. The bytes written are the hub's
 * own array, wrapped, never copied.
 *
 * <p>All methods but {@link #onFrame} run on the channel's event loop.
 */
public final class FramePump implements FrameListener {

    /**
     * How old the hub's current frame may be for a new stream to start with it: two of the source's recent frame
     * intervals, but at least 100 ms (three intervals at 30 fps: encoding time and jitter) and at most 1 s (a
     * source that slow, such as the "no signal" feed, is still current within it). A frame that old is still the
     * picture everyone else sees; an older one was left by a capture loop that idled while nobody watched, and
     * would show the past.
     */
    static final long MIN_LIVE_AGE_NANOS = 100_000_000L;
    static final long MAX_LIVE_AGE_NANOS = 1_000_000_000L;

    /** How a client follows the hub. */
    public enum Follow {
        /** Single frames (legacy {@code 0}): only frames captured after the request; none is ever "skipped". */
        NEXT_FRAMES(false, false),
        /** A stream: starts with the live frame; every frame it could not send counts as skipped. */
        STREAM(true, true),
        /** A stream with its own frame-rate cap: starts with the live frame; frames it did not want are not skipped. */
        CAPPED_STREAM(true, false);

        private final boolean startsWithLiveFrame;
        private final boolean countsSkips;

        Follow(boolean startsWithLiveFrame, boolean countsSkips) {
            this.startsWithLiveFrame = startsWithLiveFrame;
            this.countsSkips = countsSkips;
        }
    }

    /** What a transport decides for its client; called on the event loop. */
    public interface Policy {

        /** True to send {@code newest} (the newest frame not yet sent) now; false to wait for a later one. */
        boolean shouldSend(Frame newest);

        /** The message to write for {@code frame}: the frame's bytes wrapped in this transport's framing. */
        Object encode(Frame frame);
    }

    private final FrameHub hub;
    private final ClientInfo client;
    private final Policy policy;
    private final LongSupplier nanoClock;
    private final OneWriteInFlight writer;
    private boolean subscribed;
    private boolean countSkips;
    private long lastSentSequence;
    /** The newest sequence either sent or counted as skipped, so no frame is counted twice. */
    private long accountedSequence;

    public FramePump(Channel channel, FrameHub hub, ClientInfo client, Policy policy) {
        this(channel, hub, client, policy, System::nanoTime);
    }

    /** @param nanoClock the clock frames' capture times are on ({@link System#nanoTime}; tests give their own) */
    FramePump(Channel channel, FrameHub hub, ClientInfo client, Policy policy, LongSupplier nanoClock) {
        this.hub = hub;
        this.client = client;
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.writer = new OneWriteInFlight(channel, client, this::pump);
    }

    /**
     * Starts following the hub, or changes how (a legacy client can ask for single frames, then a stream).
     *
     * <p>Single frames are always captured after the client asked: the frame already published is never sent.
     * A stream starts with the current frame when it is live (see {@link #MIN_LIVE_AGE_NANOS}), as mjpg-streamer
     * does: the viewer sees a picture at once instead of after the next capture and encode, and the picture is as
     * new as the ones every other viewer is getting. An older frame is not sent; the stream then starts with the
     * next frame captured.
     */
    public void start(Follow follow) {
        Frame current = hub.latest();
        if (current != null) {
            boolean sendCurrent = follow.startsWithLiveFrame && isLive(current);
            long alreadyPublished = sendCurrent ? current.sequence() - 1 : current.sequence();
            lastSentSequence = Math.max(lastSentSequence, alreadyPublished);
        }
        accountedSequence = Math.max(accountedSequence, lastSentSequence);
        countSkips = follow.countsSkips;
        if (!subscribed) {
            subscribed = true;
            hub.subscribe(this);
        }
        // Sends the live frame now, and a frame published between reading latest() and subscribing, which woke
        // nobody; also when already subscribed, so that a frame the new rule makes sendable is not left to be
        // counted as skipped when the next one arrives.
        pump();
    }

    private boolean isLive(Frame current) {
        long limit = Math.min(MAX_LIVE_AGE_NANOS, Math.max(MIN_LIVE_AGE_NANOS, 2 * hub.latestIntervalNanos()));
        return nanoClock.getAsLong() - current.captureNanos() < limit;
    }

    /** Stops following the hub; a frame already being written still completes. */
    public void stop() {
        if (subscribed) {
            subscribed = false;
            hub.unsubscribe(this);
        }
    }

    @Override
    public void onFrame(Frame frame) {
        writer.wake();
    }

    /** Sends the newest unsent frame if the client is ready for it and the policy wants it. */
    public void pump() {
        if (!subscribed || !writer.open()) {
            return;
        }
        Frame newest = hub.latest();
        if (newest == null || newest.sequence() <= lastSentSequence) {
            return;
        }
        if (writer.busy()) {
            // Everything older than the newest can no longer be sent: count it now, so a stalled client's
            // skips show while it stalls, not only once it reads again.
            countSkippedUpTo(newest.sequence() - 1);
            return;
        }
        if (!policy.shouldSend(newest)) {
            return;
        }
        countSkippedUpTo(newest.sequence() - 1);
        lastSentSequence = newest.sequence();
        accountedSequence = newest.sequence();
        writer.write(newest, policy.encode(newest));
    }

    private void countSkippedUpTo(long sequence) {
        if (countSkips && sequence > accountedSequence) {
            client.framesSkipped(sequence - accountedSequence);
            accountedSequence = sequence;
        }
    }
}
