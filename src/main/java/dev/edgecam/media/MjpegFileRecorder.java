package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import dev.edgecam.frame.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
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
    private MuxerFile file;
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
        if (file == null) {
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
        packet.flags(AV_PKT_FLAG_KEY);
        file.write(packet, millis, frames + 1);
        lastPtsMillis = ptsMillis;
        frames++;
        if ((ptsMillis - lastFlushMillis) * 1000 >= FLUSH_INTERVAL_MICROS) {
            file.flush();
            lastFlushMillis = ptsMillis;
        }
        bytesWritten = file.position();
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
        Size size = JpegDimensions.ofFirstFrame(first.jpeg());
        // Matroska closes a cluster at least every half second even without an explicit flush.
        Map<String, String> options = format == RecordingFormat.MKV
                ? Map.of("cluster_time_limit", Long.toString(FLUSH_INTERVAL_MICROS / 1000)) : Map.of();
        file = MuxerFile.create(path, format.muxer(), stream -> {
            stream.codecpar().codec_type(AVMEDIA_TYPE_VIDEO);
            stream.codecpar().codec_id(AV_CODEC_ID_MJPEG);
            stream.codecpar().width(size.width());
            stream.codecpar().height(size.height());
            stream.codecpar().format(avutil.AV_PIX_FMT_YUVJ420P);
            stream.time_base(millis);
        }, stampStart ? RecordingStart.value(first.timelineMicros()) : null, options);
        packet = avcodec.av_packet_alloc();
        firstMicros = first.timelineMicros();
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
        if (file == null) {
            return;
        }
        try {
            file.finish();
        } finally {
            avcodec.av_packet_free(packet);
            packet = null;
        }
        // Ask the closed file: the AVI muxer ends by seeking back to rewrite its header, so its last write
        // position is about 1 KB, not the size.
        bytesWritten = Files.size(path);
    }
}
