package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One file that FFmpeg's avformat muxer writes, with one video stream: the context, the stream and the file's I/O,
 * from the header to the trailer, with the error text that names the file. What writes packets itself
 * ({@link MjpegFileRecorder}, {@link H264StreamCopyRecorder}, {@link ClipCutter}'s clip) holds one; what goes in the
 * packets and when to flush stays the owner's. Not thread-safe: its owner synchronizes.
 */
final class MuxerFile {

    /** Says what the video stream holds (codec parameters, time base) before the header is written. */
    @FunctionalInterface
    interface StreamDescription {
        void describe(AVStream stream) throws IOException;
    }

    private final Path path;
    private AVFormatContext context;
    private AVStream stream;

    private MuxerFile(Path path, AVFormatContext context) {
        this.path = path;
        this.context = context;
    }

    /**
     * Creates {@code path} and writes its header, then flushes it, so even a file killed before its first frame
     * is one FFmpeg reads. On failure nothing stays open (the file itself may stay, empty or with a header).
     *
     * @param muxer FFmpeg's muxer name, such as {@code matroska} or {@code mp4}
     * @param description sets the video stream's codec parameters and time base
     * @param startTag the {@link RecordingStart} value written into the header's metadata, or null for none
     * @param options the muxer's options ({@code movflags}, {@code cluster_time_limit}...), in the order given
     */
    static MuxerFile create(Path path, String muxer, StreamDescription description, String startTag,
                            Map<String, String> options) throws IOException {
        AVFormatContext ctx = new AVFormatContext(null);
        FfmpegErrors.check(avformat.avformat_alloc_output_context2(ctx, null, muxer, path.toString()),
                "preparing a " + muxer + " file");
        MuxerFile file = new MuxerFile(path, ctx);
        try {
            AVStream stream = avformat.avformat_new_stream(ctx, null);
            if (stream == null) {
                throw new IOException("FFmpeg could not add a video stream to " + path);
            }
            description.describe(stream);
            file.stream = stream;
            AVIOContext pb = new AVIOContext(null);
            FfmpegErrors.check(avformat.avio_open(pb, path.toString(), AVIO_FLAG_WRITE), "opening " + path + " for writing");
            ctx.pb(pb);
            if (startTag != null) {
                AVDictionary metadata = new AVDictionary(null);
                avutil.av_dict_set(metadata, RecordingStart.KEY, startTag, 0);
                ctx.metadata(metadata); // freed with the context
            }
            AVDictionary dictionary = new AVDictionary(null);
            options.forEach((key, value) -> avutil.av_dict_set(dictionary, key, value, 0));
            try {
                FfmpegErrors.check(avformat.avformat_write_header(ctx, dictionary), "writing the header of " + path);
            } finally {
                avutil.av_dict_free(dictionary);
            }
            file.flush();
            return file;
        } catch (IOException | RuntimeException e) {
            file.release();
            throw e;
        }
    }

    /** The video stream; its time base is the muxer's choice once the header is written. */
    AVStream stream() {
        return stream;
    }

    /**
     * Hands {@code packet}, stamped in {@code timeBase}, to the muxer as the video stream's, and leaves it blank (the
     * muxer takes its data).
     *
     * @param number the frame's number in the file (from 1), for the error text
     */
    void write(AVPacket packet, AVRational timeBase, long number) throws IOException {
        packet.stream_index(stream.index());
        avcodec.av_packet_rescale_ts(packet, timeBase, stream.time_base());
        FfmpegErrors.check(avformat.av_interleaved_write_frame(context, packet), "writing frame " + number + " to " + path);
    }

    /** Pushes what the muxer and the I/O layer hold into the file, so a kill loses nothing before this point. */
    void flush() throws IOException {
        FfmpegErrors.check(avformat.av_write_frame(context, null), "flushing " + path);
        avformat.avio_flush(context.pb());
    }

    /**
     * Pushes what the I/O layer holds into the file, leaving the muxer's own buffers alone: for a muxer that cuts its
     * fragments itself (MP4 with {@code frag_duration}).
     */
    void flushWritten() {
        avformat.avio_flush(context.pb());
    }

    /** Bytes written so far, including what the I/O layer still buffers. */
    long position() {
        return avformat.avio_tell(context.pb());
    }

    /** Writes the trailer (the index, Matroska's cues) and closes the file; does nothing the second time. */
    void finish() throws IOException {
        if (context == null) {
            return;
        }
        try {
            FfmpegErrors.check(avformat.av_write_trailer(context), "finishing " + path);
        } finally {
            release();
        }
    }

    /** Closes the file and frees the context without a trailer (after a failure); does nothing the second time. */
    void release() {
        if (context != null) {
            if (context.pb() != null) {
                avformat.avio_closep(context.pb());
            }
            avformat.avformat_free_context(context);
            context = null;
        }
    }
}
