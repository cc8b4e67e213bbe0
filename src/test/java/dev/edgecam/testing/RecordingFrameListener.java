package dev.edgecam.testing;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.FrameListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records what the hub publishes, so a test can tell which sequence number a JPEG received over a socket
 * had (the legacy wire carries no sequence numbers). Subscribing counts as demand, so the server encodes.
 * Keeps at most {@link #MAX_FRAMES} frames.
 */
public final class RecordingFrameListener implements FrameListener, AutoCloseable {

    public static final int MAX_FRAMES = 2_000;

    private final FrameHub hub;
    private final List<Frame> frames = new ArrayList<>();

    private RecordingFrameListener(FrameHub hub) {
        this.hub = hub;
    }

    public static RecordingFrameListener subscribe(FrameHub hub) {
        RecordingFrameListener listener = new RecordingFrameListener(hub);
        hub.subscribe(listener);
        return listener;
    }

    @Override
    public synchronized void onFrame(Frame frame) {
        if (frames.size() < MAX_FRAMES) {
            frames.add(frame);
        }
    }

    public synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The sequence number of the published frame with exactly these bytes. */
    public synchronized long sequenceOf(byte[] jpeg) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (Arrays.equals(frames.get(i).jpeg(), jpeg)) {
                return frames.get(i).sequence();
            }
        }
        throw new AssertionError("received a " + jpeg.length + "-byte JPEG the hub never published (of "
                + frames.size() + " recorded)");
    }

    @Override
    public void close() {
        hub.unsubscribe(this);
    }
}
