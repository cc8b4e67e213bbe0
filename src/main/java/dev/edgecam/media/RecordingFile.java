package dev.edgecam.media;

import java.nio.file.Path;

/** A video file being written, as a recording's progress line shows it. */
public interface RecordingFile {

    /** Frames written so far. */
    long frames();

    /** Bytes of the file so far (including what is still buffered). */
    long bytes();

    /** Time from the first frame to the end of the last one, in microseconds. */
    long durationMicros();

    Path path();
}
