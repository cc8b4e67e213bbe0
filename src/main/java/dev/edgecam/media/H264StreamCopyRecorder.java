package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Stores a demuxed video stream's packets (an RTSP camera's H.264) in MP4 or Matroska exactly as they came: no
 * decoder and no encoder run, only the timestamps are moved so the file starts at 0. The file starts at the first
 * keyframe; packets before it are skipped (they cannot be decoded).
 *
 * <p>Crash safety: at least every {@link #FLUSH_INTERVAL_MICROS} of video is pushed into the file. MP4 is fragmented
 * ({@code frag_keyframe+empty_moov+default_base_moof}, {@code frag_duration}: the muxer ends a fragment, whose
 * {@code moof} says everything about it, at each keyframe and once it holds half a second, and the fragment is written
 * out at once); Matroska's cluster is closed by a flush; so after SIGKILL the file holds every frame up to the last
 * fragment or flush and FFmpeg reads it.
 */
public final class H264StreamCopyRecorder implements RecordingFile, AutoCloseable {

    /** How much video may sit in buffers at most before it is pushed to the file (half a second). */
    static final long FLUSH_INTERVAL_MICROS = 500_000;
    /** A frame's length when the stream does not say its frame rate: 30 fps. */
    static final AVRational FALLBACK_FRAME_RATE = avutil.av_make_q(30, 1);
    private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);

    private final Path path;
    private final String muxer;
    private final AVRational inputTimeBase;
    private final long frameTicks;
    /** The {@link RecordingStart} tag written into the header, or null. */
    private final String startTag;
    private final MuxerFile file;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private long firstTicks = AV_NOPTS_VALUE;
    private long lastSkippedTicks = AV_NOPTS_VALUE;
    private long lastDts = AV_NOPTS_VALUE;
    private long lastPts = AV_NOPTS_VALUE;
    private long lastFlushTicks;
    private long frames;
    private long skipped;
    private long bytesWritten;
    private boolean closed;

    /**
     * Creates the file (MP4 for a {@code .mp4}, {@code .m4v} or {@code .mov} name, else Matroska) for packets of
     * {@code input}, a stream of an open demuxer whose codec parameters and time base describe them.
     */
    public H264StreamCopyRecorder(Path path, AVStream input) throws IOException {
        this(path, input.codecpar(), input.time_base(), input.avg_frame_rate().num() > 0 ? input.avg_frame_rate()
                : input.r_frame_rate().num() > 0 ? input.r_frame_rate() : FALLBACK_FRAME_RATE, null);
    }

    /**
     * Creates the file for packets described by {@code codec}, stamped in {@code timeBase}, whose frame rate is about
     * {@code rate} (a packet's length when it does not say).
     */
    private H264StreamCopyRecorder(Path path, AVCodecParameters codec, AVRational timeBase, AVRational rate,
                                   String startTag) throws IOException {
        this.path = path;
        this.startTag = startTag;
        this.muxer = muxerFor(path);
        this.inputTimeBase = avutil.av_make_q(timeBase.num(), timeBase.den());
        this.frameTicks = Math.max(1, avutil.av_rescale_q(1, avutil.av_inv_q(rate), inputTimeBase));
        this.file = open(codec);
    }

    /**
     * Creates the file for live H.264 access units in Annex B form (a hub's frames: a server-side recording), stamped
     * in microseconds ({@link #writeAnnexB}). The muxer takes the parameter sets in Annex B form and writes them as
     * the container wants them (avcC in MP4), and turns each access unit's start codes into NAL lengths.
     *
     * @param params the SPS and PPS of the stream's keyframes, and its picture size
     * @param fps about how many frames a second come: the last frame's length in the file
     * @param startEpochMicros when the first frame was captured: stored as {@link RecordingStart}
     */
    public static H264StreamCopyRecorder forAnnexB(Path path, H264ParameterSets params, double fps,
                                                   long startEpochMicros) throws IOException {
        AVCodecParameters codec = H264CodecParameters.allocate(params);
        try {
            AVRational rate = fps > 0 ? avutil.av_d2q(fps, 1000) : FALLBACK_FRAME_RATE;
            return new H264StreamCopyRecorder(path, codec, MICROS, rate, RecordingStart.value(startEpochMicros));
        } finally {
            avcodec.avcodec_parameters_free(codec); // the muxer's stream holds its own copy
        }
    }

    /**
     * Adds one access unit in Annex B form decoded at {@code captureMicros} (any microsecond clock; the file starts at
     * 0) and shown {@code presentationOffsetMicros} later (0 without B-frames), as {@link #write(AVPacket)} does:
     * nothing before the first keyframe.
     *
     * @return whether it was written
     */
    public synchronized boolean writeAnnexB(byte[] accessUnit, boolean keyframe, long captureMicros,
                                            long presentationOffsetMicros) throws IOException {
        AVPacket unit = avcodec.av_packet_alloc();
        try {
            FfmpegErrors.check(avcodec.av_new_packet(unit, accessUnit.length), "allocating a packet");
            unit.data().put(accessUnit, 0, accessUnit.length);
            unit.pts(captureMicros + presentationOffsetMicros);
            unit.dts(captureMicros);
            unit.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
            return write(unit);
        } finally {
            avcodec.av_packet_free(unit);
        }
    }

    /** FFmpeg's muxer for a file name: {@code mp4} for .mp4, .m4v and .mov, {@code matroska} for anything else. */
    public static String muxerFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mp4") || name.endsWith(".m4v") || name.endsWith(".mov") ? "mp4" : "matroska";
    }

    /** What the file holds, for messages: {@code H.264 in MP4, stream copy (not re-encoded)}. */
    public String description() {
        return "H.264 in " + (muxer.equals("mp4") ? "fragmented MP4" : "Matroska") + ", stream copy (not re-encoded)";
    }

    /**
     * Adds one packet of the input stream, unless the file has not started yet and it is not a keyframe.
     *
     * @return whether it was written
     */
    public synchronized boolean write(AVPacket input) throws IOException {
        if (closed) {
            throw new IOException("the recording " + path + " is already finished");
        }
        boolean keyframe = (input.flags() & AV_PKT_FLAG_KEY) != 0;
        long pts = input.pts() != AV_NOPTS_VALUE ? input.pts() : input.dts();
        if (firstTicks == AV_NOPTS_VALUE) {
            if (!keyframe) {
                skipped++;
                lastSkippedTicks = pts;
                return false;
            }
            if (pts == AV_NOPTS_VALUE) {
                // FFmpeg's RTSP demuxer leaves a session's very first packet without a time; its times start at 0.
                pts = lastSkippedTicks == AV_NOPTS_VALUE ? 0 : lastSkippedTicks + frameTicks;
            }
            firstTicks = pts;
        }
        if (pts == AV_NOPTS_VALUE) {
            pts = lastPts + frameTicks + firstTicks; // no time from the stream: one frame after the last
        }
        long dts = (input.dts() != AV_NOPTS_VALUE ? input.dts() : pts) - firstTicks;
        pts -= firstTicks;
        if (lastDts != AV_NOPTS_VALUE && dts <= lastDts) {
            dts = lastDts + 1; // a container needs strictly increasing decode times (an RTP timestamp reset or jump)
        }
        pts = Math.max(pts, dts);
        FfmpegErrors.check(avcodec.av_packet_ref(packet, input), "copying packet " + (frames + 1));
        packet.pts(pts);
        packet.dts(dts);
        packet.duration(input.duration() > 0 ? input.duration() : frameTicks);
        packet.pos(-1);
        file.write(packet, inputTimeBase, frames + 1);
        lastDts = dts;
        lastPts = Math.max(lastPts == AV_NOPTS_VALUE ? 0 : lastPts, pts);
        frames++;
        if (muxer.equals("mp4")) {
            file.flushWritten(); // a fragment the muxer cut (frag_duration): into the file now; nothing otherwise
        } else if (avutil.av_rescale_q(dts - lastFlushTicks, inputTimeBase, MICROS) >= FLUSH_INTERVAL_MICROS) {
            file.flush();
            lastFlushTicks = dts;
        }
        bytesWritten = file.position();
        return true;
    }

    private MuxerFile open(AVCodecParameters input) throws IOException {
        // MP4 in fragments the muxer cuts at keyframes and every half second (not a flush from here: FFmpeg's muxer
        // then gives the next fragment's first picture composition offset 0, wrong for B-frames); Matroska closes a
        // cluster at least every half second without one.
        Map<String, String> options = muxer.equals("mp4")
                ? Map.of("movflags", "frag_keyframe+empty_moov+default_base_moof",
                        "frag_duration", Long.toString(FLUSH_INTERVAL_MICROS))
                : Map.of("cluster_time_limit", Long.toString(FLUSH_INTERVAL_MICROS / 1000));
        try {
            return MuxerFile.create(path, muxer, stream -> {
                FfmpegErrors.check(avcodec.avcodec_parameters_copy(stream.codecpar(), input),
                        "copying the stream's codec parameters");
                stream.codecpar().codec_tag(0); // the container picks its own tag (avc1 in MP4)
                stream.time_base(inputTimeBase);
            }, startTag, options);
        } catch (IOException | RuntimeException e) {
            avcodec.av_packet_free(packet);
            Files.deleteIfExists(path);
            throw e;
        }
    }

    @Override
    public synchronized long frames() {
        return frames;
    }

    /** Packets dropped before the first keyframe. */
    public synchronized long skippedBeforeKeyframe() {
        return skipped;
    }

    @Override
    public synchronized long bytes() {
        return bytesWritten;
    }

    @Override
    public synchronized long durationMicros() {
        return frames == 0 ? 0 : avutil.av_rescale_q(lastPts + frameTicks, inputTimeBase, MICROS);
    }

    @Override
    public Path path() {
        return path;
    }

    /** Finishes the file (the MP4 index of fragments, Matroska's cues). Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.finish();
        } finally {
            avcodec.av_packet_free(packet);
        }
        bytesWritten = Files.size(path);
    }
}
