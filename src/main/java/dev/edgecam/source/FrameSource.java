package dev.edgecam.source;

import dev.edgecam.frame.Size;

/**
 * Produces frames at the device's pace. Implementations: {@link TestPatternSource} and {@link FfmpegSource}
 * (camera, file and URL). A source is used by one capture thread only.
 */
public interface FrameSource extends AutoCloseable {

    /** A short human description for logs and state, such as {@code camera /dev/video0 (MJPEG passthrough)}. */
    String describe();

    /** The kind of the source ({@code test}, {@code camera}, {@code file}, {@code url}). */
    SourceSpec.Kind kind();

    /** Opens the device, file or URL. Throws with a message naming what failed and what to do. */
    void open() throws SourceException;

    /**
     * Blocks until the next frame is due and returns it. When {@code wanted} is false nobody is watching:
     * the source keeps its pace (a camera keeps draining its buffers) but may skip producing pixels and
     * return {@code null}.
     *
     * @throws SourceException when the source failed; the caller may {@link #close()} and {@link #open()} again
     */
    Capture next(boolean wanted) throws SourceException, InterruptedException;

    /** The frame rate the source aims for, or 0 when unknown. Safe to call before {@link #open()} succeeded. */
    double nominalFps();

    /**
     * The size of the pictures the source delivers when it is known without a frame (the test pattern's size,
     * or the size a camera, file or URL last opened with), else {@code null}. Safe to call before
     * {@link #open()} succeeded, as is {@link #describe()}.
     */
    Size size();

    /** Releases the device; idempotent. */
    @Override
    void close();
}
