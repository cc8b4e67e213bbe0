package dev.edgecam.media;

/**
 * One JPEG with its place on a recording's timeline: what a {@link Recorder} writes. The client's received frames
 * are one; a server-side recorder can hand over its hub's frames the same way, without the client's types.
 */
public interface TimedJpeg {

    /** The frame's number, for error messages. */
    long sequence();

    /** Where this frame sits on the timeline, in microseconds; only differences between frames of one source count. */
    long timelineMicros();

    /** One JPEG image; the recorder reads it and keeps no reference. */
    byte[] jpeg();
}
