package dev.edgecam.record;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Frame;
import dev.edgecam.media.H264ParameterSets;
import dev.edgecam.media.H264StreamCopyRecorder;
import dev.edgecam.media.MjpegFileRecorder;
import dev.edgecam.media.RecordingFile;
import dev.edgecam.media.RecordingFormat;
import dev.edgecam.media.TimedJpeg;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One segment file being written, by one of {@code media}'s writers: H.264 stream-copied into fragmented MP4, or
 * JPEGs unchanged into Matroska. Both flush at least every half second of video, so a killed server loses at most
 * that. Used by the recorder thread only.
 */
abstract class SegmentWriter implements AutoCloseable {

    private final RecordingFile file;
    private final AutoCloseable closer;

    private SegmentWriter(RecordingFile file, AutoCloseable closer) {
        this.file = file;
        this.closer = closer;
    }

    /** The extension of a segment of frames like {@code frame}: {@code .mp4} for H.264, {@code .mkv} for JPEG. */
    static String extensionFor(Frame frame) {
        return frame.codec() == Codec.H264 ? ".mp4" : RecordingFormat.MKV.extension();
    }

    /**
     * Opens {@code path} for frames like {@code first} (a keyframe, whose parameter sets and size the file takes) and
     * writes it.
     *
     * @param fps about how many frames a second come (the last frame's length), 0 when unknown
     */
    static SegmentWriter open(Path path, Frame first, double fps) throws IOException {
        SegmentWriter writer;
        if (first.codec() == Codec.H264) {
            H264ParameterSets params = H264ParameterSets.of(first.bytes());
            writer = new H264Segment(H264StreamCopyRecorder.forAnnexB(path, params, fps, first.captureEpochMicros()), params);
        } else {
            writer = new JpegSegment(new MjpegFileRecorder(path, RecordingFormat.MKV, true), first);
        }
        try {
            writer.write(first);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    abstract void write(Frame frame) throws IOException;

    /** Whether {@code keyframe} can go on in this file (same codec, parameter sets and picture size). */
    abstract boolean accepts(Frame keyframe);

    Path path() {
        return file.path();
    }

    long bytes() {
        return file.bytes();
    }

    long frames() {
        return file.frames();
    }

    /** Finishes the file (MP4's fragment index, Matroska's cues). Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            closer.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("finishing " + path() + " failed: " + e.getMessage(), e);
        }
    }

    /** H.264 access units stream-copied into fragmented MP4. */
    private static final class H264Segment extends SegmentWriter {
        private final H264StreamCopyRecorder file;
        private final H264ParameterSets params;

        H264Segment(H264StreamCopyRecorder file, H264ParameterSets params) {
            super(file, file);
            this.file = file;
            this.params = params;
        }

        @Override
        void write(Frame frame) throws IOException {
            file.writeAnnexB(frame.bytes(), frame.keyframe(), frame.captureEpochMicros());
        }

        @Override
        boolean accepts(Frame keyframe) {
            return keyframe.codec() == Codec.H264 && params.sameAs(H264ParameterSets.of(keyframe.bytes()));
        }
    }

    /** JPEGs unchanged into Matroska, each at its capture time. */
    private static final class JpegSegment extends SegmentWriter {
        private final MjpegFileRecorder file;
        private final int width;
        private final int height;

        JpegSegment(MjpegFileRecorder file, Frame first) {
            super(file, file);
            this.file = file;
            this.width = first.width();
            this.height = first.height();
        }

        @Override
        void write(Frame frame) throws IOException {
            file.write(new TimedJpeg() {
                @Override
                public long sequence() {
                    return frame.sequence();
                }

                @Override
                public long timelineMicros() {
                    return frame.captureEpochMicros();
                }

                @Override
                public byte[] jpeg() {
                    return frame.bytes();
                }
            });
        }

        @Override
        boolean accepts(Frame keyframe) {
            return keyframe.codec() == Codec.JPEG && keyframe.width() == width && keyframe.height() == height;
        }
    }
}
