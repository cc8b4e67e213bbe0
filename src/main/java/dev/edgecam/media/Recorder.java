package dev.edgecam.media;

import java.io.IOException;

/**
 * Writes JPEG frames (received by the client, or taken from a hub) to a video file, each at its real time. One
 * thread writes; {@link #close()} finishes the file so every player reads it.
 */
public interface Recorder extends RecordingFile, AutoCloseable {

    /** Adds one frame; frames must come in arrival order. */
    void write(TimedJpeg frame) throws IOException;

    /** Finishes the file (trailer, index). Idempotent. */
    @Override
    void close() throws IOException;
}
