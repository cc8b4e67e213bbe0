package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import dev.edgecam.frame.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Stores the received JPEGs as they are (no decode, no re-encode) in Matroska or AVI through FFmpeg's
 * avformat API, each packet stamped with the frame's own time in milliseconds.
 *
 * <p>Crash safety: at least every {@link #FLUSH_INTERVAL_MICROS} of video the muxer is flushed (Matroska
 * closes its cluster) and the I/O buffer is written to the file, so after SIGKILL the file holds every
 * frame up to the last flush and FFmpeg reads it; only the index written by {@link #close()} is missing.
 *
 * <p>The file is opened at the first frame, whose JPEG gives the picture size.
 */
public final class MjpegFileRecorder implements Recorder {

    /** How much video may sit in buffers at most before it is pushed to the file (half a second). */
    static final long FLUSH_INTERVAL_MICROS = 500_000;
    /**
     * A pause between two frames longer than this (and than {@link #GAP_FACTOR} frame intervals) is a gap, such as a
     * reconnect, not the stream's frame interval: it must not become the length of the frame after it.
     */
    static final long MIN_GAP_MILLIS = 1000;
    static final long GAP_FACTOR = 4;
    /** Matroska counts in milliseconds; the packets are stamped in the same unit. */
    private static final int TIME_BASE_DENOMINATOR = 1000;

    static {
        // FFmpeg prints its own warnings to stderr; the recorder reports failures itself in one clear line.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        // Load FFmpeg's libraries now, not at the first frame: loading takes a few hundred milliseconds, during
        // which frames would pile up in the socket and reach the file with squeezed times.
        avformat.avformat_version();
    }

    private final Path path;
    private final RecordingFormat format;
    private final boolean stampStart;
    private AVFormatContext context;
    private AVStream stream;
    private AVPacket packet;
    private final AVRational millis = avutil.av_make_q(1, TIME_BASE_DENOMINATOR);
    private long firstMicros;
    private long lastPtsMillis = -1;
    private long lastFlushMillis;
    private long frames;
    private long frameIntervalMillis = 33;
    private long bytesWritten;
    private boolean closed;

    public MjpegFileRecorder(Path path, RecordingFormat format) {
        this(path, format, false);
    }

    /**
     * @param stampStart whether the frames' times are epoch microseconds (a server's segment), so the first one is
     *                   stored as the file's {@link RecordingStart}
     */
    public MjpegFileRecorder(Path path, RecordingFormat format, boolean stampStart) {
        this.stampStart = stampStart;
        if (format == RecordingFormat.MP4_H264) {
            throw new IllegalArgumentException("MJPEG is stored in Matroska or AVI; H.264 needs the transcoding recorder");
        }
        this.path = path;
        this.format = format;
    }

    @Override
    public synchronized void write(TimedJpeg frame) throws IOException {
        if (closed) {
            throw new IOException("the recording " + path + " is already finished");
        }
        if (context == null) {
            open(frame);
        }
        long ptsMillis = Math.round((frame.timelineMicros() - firstMicros) / 1000.0);
        if (ptsMillis <= lastPtsMillis) {
            ptsMillis = lastPtsMillis + 1; // a container needs strictly increasing times
        }
        if (lastPtsMillis >= 0 && !isGap(ptsMillis - lastPtsMillis)) {
            frameIntervalMillis = ptsMillis - lastPtsMillis;
        }
        byte[] jpeg = frame.jpeg();
        FfmpegErrors.check(avcodec.av_new_packet(packet, jpeg.length), "allocating a packet");
        packet.data().put(jpeg, 0, jpeg.length);
        packet.pts(ptsMillis);
        packet.dts(ptsMillis);
        packet.duration(frameIntervalMillis);
        packet.stream_index(stream.index());
        packet.flags(AV_PKT_FLAG_KEY);
        avcodec.av_packet_rescale_ts(packet, millis, stream.time_base());
        FfmpegErrors.check(avformat.av_interleaved_write_frame(context, packet), "writing frame " + (frames + 1) + " to " + path);
        lastPtsMillis = ptsMillis;
        frames++;
        if ((ptsMillis - lastFlushMillis) * 1000 >= FLUSH_INTERVAL_MICROS) {
            flush();
            lastFlushMillis = ptsMillis;
        }
        bytesWritten = avformat.avio_tell(context.pb());
    }

    /**
     * Whether the pause before a frame is a gap rather than the frame interval. Each packet lasts one frame
     * interval, and the muxer writes the end of the longest-reaching packet as the file's duration: a reconnect's
     * pause taken as an interval would stretch the header's duration past the last frame by that pause.
     */
    private boolean isGap(long pauseMillis) {
        return pauseMillis > Math.max(MIN_GAP_MILLIS, GAP_FACTOR * frameIntervalMillis);
    }

    private void open(TimedJpeg first) throws IOException {
        Size size = JpegDimensions.of(first.jpeg());
        if (size == null) {
            throw new IOException("the first frame is not a JPEG whose picture size can be read; nothing was recorded");
        }
        AVFormatContext ctx = new AVFormatContext(null);
        FfmpegErrors.check(avformat.avformat_alloc_output_context2(ctx, null, format.muxer(), path.toString()),
                "preparing a " + format.muxer() + " file");
        context = ctx;
        try {
            stream = avformat.avformat_new_stream(ctx, null);
            if (stream == null) {
                throw new IOException("FFmpeg could not add a video stream to " + path);
            }
            stream.codecpar().codec_type(AVMEDIA_TYPE_VIDEO);
            stream.codecpar().codec_id(AV_CODEC_ID_MJPEG);
            stream.codecpar().width(size.width());
            stream.codecpar().height(size.height());
            stream.codecpar().format(avutil.AV_PIX_FMT_YUVJ420P);
            stream.time_base(millis);
            AVIOContext pb = new AVIOContext(null);
            FfmpegErrors.check(avformat.avio_open(pb, path.toString(), AVIO_FLAG_WRITE), "opening " + path + " for writing");
            ctx.pb(pb);
            if (stampStart) {
                AVDictionary metadata = new AVDictionary(null);
                avutil.av_dict_set(metadata, RecordingStart.KEY, RecordingStart.value(first.timelineMicros()), 0);
                ctx.metadata(metadata); // freed with the context
            }
            AVDictionary options = new AVDictionary(null);
            if (format == RecordingFormat.MKV) {
                // Close a cluster at least every half second even without an explicit flush.
                avutil.av_dict_set(options, "cluster_time_limit", Long.toString(FLUSH_INTERVAL_MICROS / 1000), 0);
            }
            try {
                FfmpegErrors.check(avformat.avformat_write_header(ctx, options), "writing the header of " + path);
            } finally {
                avutil.av_dict_free(options);
            }
            packet = avcodec.av_packet_alloc();
            firstMicros = first.timelineMicros();
            flush();
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Pushes what the muxer and the I/O layer hold into the file, so a kill loses nothing before this point. */
    private void flush() throws IOException {
        FfmpegErrors.check(avformat.av_write_frame(context, null), "flushing " + path);
        avformat.avio_flush(context.pb());
    }

    @Override
    public synchronized long frames() {
        return frames;
    }

    @Override
    public synchronized long bytes() {
        return bytesWritten;
    }

    @Override
    public synchronized long durationMicros() {
        return frames == 0 ? 0 : (lastPtsMillis + frameIntervalMillis) * 1000;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (context == null) {
            return;
        }
        try {
            FfmpegErrors.check(avformat.av_write_trailer(context), "finishing " + path);
        } finally {
            release();
        }
        // Ask the closed file: the AVI muxer ends by seeking back to rewrite its header, so its last write
        // position is about 1 KB, not the size.
        bytesWritten = Files.size(path);
    }

    private void release() {
        if (packet != null) {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            if (context.pb() != null) {
                avformat.avio_closep(context.pb());
            }
            avformat.avformat_free_context(context);
            context = null;
        }
    }
}
