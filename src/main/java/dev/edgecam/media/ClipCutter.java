package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Cuts one clip of a time range out of consecutive recorded segments without decoding anything: the packets are
 * copied as they are (FFmpeg's avformat API, no codec opened), from the keyframe at or before the range's start (the
 * first keyframe after it when the recording begins later) to the last packet before its end, across segment files.
 * Times are wall-clock: each segment's packets are placed at its {@link RecordingStart} (or, in a file without one,
 * the start its name says), so a gap between segments stays a gap.
 *
 * <p>The clip is H.264 in fragmented MP4 or MJPEG in Matroska, as the segments are ({@code out}'s extension picks).
 * It stops early, at the last packet of the segment before, when a segment's stream differs from the first one's
 * (another picture size or parameter sets): one file holds one stream description. Memory: one group of pictures is
 * held while looking for the start.
 */
public final class ClipCutter {

    private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);

    private ClipCutter() {
    }

    /**
     * A segment file and when it began by its name (used when the file does not say more exactly).
     */
    public record Source(Path file, long nameStartEpochMicros) {
    }

    /**
     * What was cut.
     *
     * @param firstEpochMicros when the clip's first frame (a keyframe) was captured
     * @param lastEpochMicros when its last frame was captured
     * @param packets how many frames it holds
     * @param stoppedAtChange true when it ends early because a segment's stream differs
     */
    public record Clip(Path file, long firstEpochMicros, long lastEpochMicros, long packets, boolean stoppedAtChange) {
    }

    /**
     * Writes the frames of {@code sources} (in time order) from the keyframe at or before {@code fromMicros} to the
     * last frame before {@code toMicros} into {@code out}.
     *
     * @throws IOException when no frame lies in the range (nothing is left at {@code out}), or a file cannot be read
     *                     or written
     */
    public static Clip cut(List<Source> sources, long fromMicros, long toMicros, Path out) throws IOException {
        Output output = new Output(out);
        try {
            for (Source source : sources) {
                if (!copy(source, fromMicros, toMicros, output)) {
                    break;
                }
            }
            if (output.packets == 0) {
                throw new IOException("no recorded frame between the two times");
            }
            output.finish();
            return new Clip(out, output.firstMicros, output.lastMicros, output.packets, output.stoppedAtChange);
        } catch (IOException | RuntimeException e) {
            output.release();
            Files.deleteIfExists(out);
            throw e;
        }
    }

    /** Copies what {@code source} has of the range; false when the clip is complete. */
    private static boolean copy(Source source, long fromMicros, long toMicros, Output output) throws IOException {
        AVFormatContext input = new AVFormatContext(null);
        FfmpegErrors.check(avformat.avformat_open_input(input, source.file().toString(), null, null),
                "opening " + source.file());
        AVPacket packet = avcodec.av_packet_alloc();
        List<AVPacket> gop = new ArrayList<>();
        try {
            FfmpegErrors.check(avformat.avformat_find_stream_info(input, (PointerPointer<?>) null),
                    "reading the stream of " + source.file());
            int video = videoStream(input, source.file());
            AVStream stream = input.streams(video);
            long start = startOf(input, source);
            while (avformat.av_read_frame(input, packet) >= 0) { // ends at the end of the file (or of what is flushed)
                try {
                    if (packet.stream_index() != video) {
                        continue;
                    }
                    long pts = start + toMicros(packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts(), stream);
                    long dts = packet.dts() != AV_NOPTS_VALUE ? start + toMicros(packet.dts(), stream) : pts;
                    boolean keyframe = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                    if (pts >= toMicros) {
                        return false;
                    }
                    if (output.packets == 0 && pts <= fromMicros) {
                        // Before the range: keep the group of pictures the range's first frames need.
                        if (keyframe) {
                            freeAll(gop);
                        }
                        if (keyframe || !gop.isEmpty()) {
                            gop.add(stamped(avcodec.av_packet_clone(packet), pts, dts));
                        }
                        continue;
                    }
                    if (output.packets == 0 && gop.isEmpty() && !keyframe) {
                        continue; // the recording starts after the range does: wait for its first keyframe
                    }
                    if (!output.accepts(stream, source.file())) {
                        return false;
                    }
                    for (AVPacket held : gop) {
                        output.write(held, held.pts(), held.dts());
                    }
                    freeAll(gop);
                    output.write(packet, pts, dts);
                } finally {
                    avcodec.av_packet_unref(packet);
                }
            }
            return true;
        } finally {
            freeAll(gop);
            avcodec.av_packet_free(packet);
            avformat.avformat_close_input(input);
        }
    }

    /** Marks a held packet with its wall-clock times in microseconds (its own fields, read back when written). */
    private static AVPacket stamped(AVPacket packet, long pts, long dts) {
        packet.pts(pts);
        packet.dts(dts);
        return packet;
    }

    private static void freeAll(List<AVPacket> packets) {
        for (AVPacket p : packets) {
            avcodec.av_packet_free(p);
        }
        packets.clear();
    }

    private static int videoStream(AVFormatContext input, Path file) throws IOException {
        for (int i = 0; i < input.nb_streams(); i++) {
            if (input.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                return i;
            }
        }
        throw new IOException(file + " holds no video stream");
    }

    /** The file's {@link RecordingStart}, else the name's. */
    private static long startOf(AVFormatContext input, Source source) {
        AVDictionaryEntry tag = avutil.av_dict_get(input.metadata(), RecordingStart.KEY, null, 0);
        OptionalLong exact = RecordingStart.parse(tag == null ? null : tag.value().getString());
        return exact.orElse(source.nameStartEpochMicros());
    }

    private static long toMicros(long ticks, AVStream stream) {
        return avutil.av_rescale_q(ticks, stream.time_base(), MICROS);
    }

    /** The clip file, opened at its first packet with that segment's stream description. */
    private static final class Output {
        private final Path path;
        private MuxerFile clip;
        private AVCodecParameters described;
        private long firstMicros;
        private long lastMicros;
        private long lastDts = Long.MIN_VALUE;
        private long packets;
        private boolean stoppedAtChange;

        Output(Path path) {
            this.path = path;
        }

        /** Whether packets of {@code input} can go into this file; opens it for them when nothing is written yet. */
        boolean accepts(AVStream input, Path file) throws IOException {
            AVCodecParameters codec = input.codecpar();
            if (clip == null) {
                open(codec);
                return true;
            }
            byte[] before = extradata(described);
            byte[] now = extradata(codec);
            boolean same = codec.codec_id() == described.codec_id() && codec.width() == described.width()
                    && codec.height() == described.height() && Arrays.equals(before, now);
            stoppedAtChange |= !same;
            return same;
        }

        private static byte[] extradata(AVCodecParameters codec) {
            byte[] bytes = new byte[Math.max(0, codec.extradata_size())];
            if (bytes.length > 0) {
                codec.extradata().get(bytes);
            }
            return bytes;
        }

        private void open(AVCodecParameters codec) throws IOException {
            described = avcodec.avcodec_parameters_alloc();
            FfmpegErrors.check(avcodec.avcodec_parameters_copy(described, codec), "copying the stream's description");
            String muxer = H264StreamCopyRecorder.muxerFor(path);
            clip = MuxerFile.create(path, muxer, stream -> {
                FfmpegErrors.check(avcodec.avcodec_parameters_copy(stream.codecpar(), codec),
                        "copying the stream's description");
                stream.codecpar().codec_tag(0);
                stream.time_base(MICROS);
            }, null, muxer.equals("mp4") ? Map.of("movflags", "frag_keyframe+empty_moov+default_base_moof")
                    : Map.of());
        }

        /** Writes {@code packet} (its data; the times given are wall-clock microseconds) and leaves it blank. */
        void write(AVPacket packet, long pts, long dts) throws IOException {
            if (packets == 0) {
                firstMicros = pts;
            }
            long outDts = Math.max(dts - firstMicros, lastDts + 1); // a container needs increasing decode times
            long outPts = Math.max(pts - firstMicros, outDts);
            packet.pts(outPts);
            packet.dts(outDts);
            packet.duration(0); // in the input's time base: the muxer takes the next frame's time instead
            packet.pos(-1);
            clip.write(packet, MICROS, packets + 1);
            lastDts = outDts;
            lastMicros = Math.max(lastMicros, pts);
            packets++;
        }

        void finish() throws IOException {
            try {
                clip.finish();
            } finally {
                release();
            }
        }

        void release() {
            if (described != null) {
                avcodec.avcodec_parameters_free(described);
                described = null;
            }
            if (clip != null) {
                clip.release();
            }
        }
    }
}
