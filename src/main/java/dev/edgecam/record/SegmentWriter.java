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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;

/**
 * One segment file being written, by one of {@code media}'s writers: H.264 stream-copied into fragmented MP4, or
 * JPEGs unchanged into Matroska. Both flush at least every half second of video, so a killed server loses at most
 * that. Written by the recorder thread only; {@link #sync()} may run on another thread at the same time.
 *
 * <p><b>Power cuts.</b> A flush puts the data in the kernel's page cache, which a killed process does not lose but a
 * power cut does (Linux writes dirty pages back after up to 30 s). {@link #sync()} asks the disk to store what was
 * flushed ({@code fdatasync}); the recorder has it called every {@link SegmentSyncer#SYNC_INTERVAL_MILLIS} on a thread
 * of its own ({@link SegmentSyncer}), so a slow card's sync never holds up the writing, and
 * {@link #close()} syncs once more after the file's end is written. The first sync of a file created here also
 * syncs its day folder, so the file's name survives too.
 */
abstract class SegmentWriter implements AutoCloseable {

    private final RecordingFile file;
    private final AutoCloseable closer;
    /** Guards the sync descriptor: a sync on the recorder's sync thread and {@link #close()} may meet. */
    private final Object syncLock = new Object();
    /** A second descriptor of the file, only to sync it; null until the first sync. */
    private FileChannel syncChannel;
    /** Whether the file was created by {@link #open}: its day folder is synced with its first sync. */
    private boolean folderToSync;
    /** Set by {@link #close()}: a sync asked for before it and run after it has nothing left to do. */
    private boolean syncClosed;
    private volatile long syncedBytes;
    private volatile long syncs;
    private boolean closed;

    /** For its two kinds below, and a test's stand-in. */
    SegmentWriter(RecordingFile file, AutoCloseable closer) {
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
        boolean created = !Files.exists(path);
        if (first.codec() == Codec.H264) {
            H264ParameterSets params = H264ParameterSets.of(first.bytes());
            writer = new H264Segment(H264StreamCopyRecorder.forAnnexB(path, params, fps, first.captureEpochMicros()), params);
        } else {
            writer = new JpegSegment(new MjpegFileRecorder(path, RecordingFormat.MKV, true), first);
        }
        writer.folderToSync = created;
        try {
            writer.write(first);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** Stores a folder's entries (a new file's name) on the disk. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Stores on the disk what the writer has flushed to the file ({@code fdatasync}): after it returns, a power cut
     * no longer loses it.
     */
    void sync() throws IOException {
        synchronized (syncLock) {
            if (syncClosed) {
                return;
            }
            if (syncChannel == null) {
                syncChannel = FileChannel.open(path(), StandardOpenOption.READ);
            }
            long size = syncChannel.size();
            syncChannel.force(false);
            if (folderToSync) {
                syncFolder(path().getParent());
                folderToSync = false;
            }
            syncedBytes = size;
            syncs++;
        }
    }

    /** The file's length at the last {@link #sync()}: what a power cut cannot take. */
    long syncedBytes() {
        return syncedBytes;
    }

    /** How many times it was synced. */
    long syncs() {
        return syncs;
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

    /** Finishes the file (MP4's fragment index, Matroska's cues) and stores it on the disk. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closer.close();
            if (Files.exists(path())) {
                sync();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("finishing " + path() + " failed: " + e.getMessage(), e);
        } finally {
            synchronized (syncLock) {
                syncClosed = true;
                if (syncChannel != null) {
                    syncChannel.close();
                    syncChannel = null;
                }
            }
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
            file.writeAnnexB(frame.bytes(), frame.keyframe(), frame.captureEpochMicros(),
                    frame.presentationOffsetMicros());
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
