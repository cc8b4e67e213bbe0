package dev.edgecam.hub;

import dev.edgecam.frame.Frame;

/**
 * What a producer (the capture loop, an encoder) sees of a hub: where its frames go, and whether anyone wants them.
 * There is one hub per rendition (codec and size); how clients take frames depends on the kind: {@link FrameHub}
 * (latest frame wins, for JPEG) or {@link GopHub} (from a keyframe on, for H.264).
 */
public interface Hub {

    /** Hands a new frame to the clients; called by the hub's one producer thread, never blocks on a client. */
    void publish(Frame frame);

    /** True while someone wants frames: nothing is encoded for a rendition nobody watches. */
    boolean hasDemand();

    /** How many clients follow the hub. */
    int listenerCount();
}
