package dev.edgecam.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes JPEG frames (received by the client, or taken from a hub) to a video file, each at its real time. One
 * thread writes; {@link #close()} finishes the file so every player reads it.
 */
public interface Recorder extends AutoCloseable {

    /** Adds one frame; frames must come in arrival order. */
    void write(TimedJpeg frame) throws IOException;

    /** Frames written so far. */
    long frames();

    /** Bytes of the file so far (including what is still buffered). */
    long bytes();

    /** Time from the first frame to the end of the last one, in microseconds. */
    long durationMicros();

    Path path();

    /** Finishes the file (trailer, index). Idempotent. */
    @Override
    void close() throws IOException;
}
