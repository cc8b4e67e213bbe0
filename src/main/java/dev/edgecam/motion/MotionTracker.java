package dev.edgecam.motion;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns a series of changed shares into motion events: one starts at the first picture whose share reaches
 * {@code minArea}, and ends once no picture has reached it for {@code cooldown}; its end is the last picture that did.
 * It keeps the peak share and the JPEG of the picture that had it (the event's snapshot). Used by one thread.
 */
final class MotionTracker {

    /** What one picture did to the current event. */
    enum Change { NONE, STARTED, ENDED }

    private final double minArea;
    private final Duration cooldown;
    private boolean active;
    private Instant start;
    private Instant lastMotion;
    private double peak;
    private byte[] peakJpeg;

    MotionTracker(double minArea, Duration cooldown) {
        this.minArea = minArea;
        this.cooldown = cooldown;
    }

    /** One picture looked at, captured at {@code time}, of which {@code share} changed. */
    Change sample(Instant time, double share, byte[] jpeg) {
        if (share >= minArea) {
            if (!active || share > peak) {
                peak = share;
                peakJpeg = jpeg;
            }
            lastMotion = time;
            if (!active) {
                active = true;
                start = time;
                return Change.STARTED;
            }
            return Change.NONE;
        }
        if (active && !time.isBefore(lastMotion.plus(cooldown))) {
            active = false;
            return Change.ENDED;
        }
        return Change.NONE;
    }

    boolean active() {
        return active;
    }

    Instant start() {
        return start;
    }

    /** The last picture that showed motion. */
    Instant end() {
        return lastMotion;
    }

    double peak() {
        return peak;
    }

    byte[] peakJpeg() {
        return peakJpeg;
    }
}
