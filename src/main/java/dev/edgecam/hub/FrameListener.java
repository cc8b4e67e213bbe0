package dev.edgecam.hub;

import dev.edgecam.frame.Frame;

/**
 * Told about each new frame, on the capture thread. It must return at once (typically by waking the
 * client's own thread), because every listener shares that thread with the camera.
 */
@FunctionalInterface
public interface FrameListener {

    void onFrame(Frame frame);
}
