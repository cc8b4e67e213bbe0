package dev.edgecam.publish;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.FfmpegErrors;
import dev.edgecam.media.H264CodecParameters;
import dev.edgecam.media.H264ParameterSets;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;

/**
 * One connection to a media server, pushing H.264 access units (Annex B, as the hub holds them) through FFmpeg's
 * muxer for the URL's protocol with no decode and no encode: the {@code rtsp} muxer (ANNOUNCE, then RECORD with RTP
 * interleaved on the TCP connection), {@code flv} over FFmpeg's {@code rtmp} protocol, {@code mpegts} over its
 * {@code srt} protocol (libsrt, in JavaCV's FFmpeg build).
 *
 * <p>Every network wait is bounded: FFmpeg's interrupt callback ends a connect or a write that takes longer than the
 * I/O timeout, and any of them at once when the publisher closes. Not thread-safe: one publisher thread uses it.
 */
final class PublishMuxer implements AutoCloseable {

    private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);
    /** How long the goodbye (RTSP TEARDOWN, the end of an FLV or TS stream) may take when closing. */
    private static final long CLOSE_TIMEOUT_MILLIS = 2_000;

    private final PublishTarget target;
    private final long ioTimeoutNanos;
    private final BooleanSupplier stopping;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private final AVIOInterruptCB.Callback_Pointer interrupt;
    private volatile long deadlineNanos;
    private AVFormatContext context;
    private AVStream stream;
    private long originMicros = AV_NOPTS_VALUE;
    private long lastDts = AV_NOPTS_VALUE;
    private long bytes;
    private long frames;
    private boolean closed;

    private PublishMuxer(PublishTarget target, Duration ioTimeout, BooleanSupplier stopping) {
        this.target = target;
        this.ioTimeoutNanos = ioTimeout.toNanos();
        this.stopping = stopping;
        this.interrupt = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                return stopping.getAsBoolean() || System.nanoTime() - deadlineNanos > 0 ? 1 : 0;
            }
        };
    }

    /**
     * Connects to {@code target} and announces a stream described by {@code params} (size, SPS and PPS).
     *
     * @param ioTimeout the longest a connect or one write may take before the connection counts as lost
     * @param stopping true once the publisher closes: any wait then ends at once
     * @throws IOException naming the server (without its password) and FFmpeg's reason
     */
    static PublishMuxer open(PublishTarget target, H264ParameterSets params, Duration ioTimeout,
                             BooleanSupplier stopping) throws IOException {
        PublishMuxer muxer = new PublishMuxer(target, ioTimeout, stopping);
        try {
            muxer.connect(params);
            return muxer;
        } catch (IOException | RuntimeException e) {
            muxer.close();
            throw e;
        }
    }

    private void connect(H264ParameterSets params) throws IOException {
        String muxer = target.protocol().muxer();
        AVFormatContext ctx = new AVFormatContext(null);
        check(avformat.avformat_alloc_output_context2(ctx, null, muxer, target.url()), "preparing the " + muxer
                + " muxer");
        context = ctx;
        ctx.interrupt_callback().callback(interrupt);
        stream = avformat.avformat_new_stream(ctx, null);
        if (stream == null) {
            throw new IOException("FFmpeg could not add a video stream for " + target);
        }
        AVCodecParameters codec = H264CodecParameters.allocate(params);
        try {
            check(avcodec.avcodec_parameters_copy(stream.codecpar(), codec), "copying the stream's codec parameters");
        } finally {
            avcodec.avcodec_parameters_free(codec);
        }
        stream.time_base(MICROS);
        AVDictionary options = new AVDictionary(null);
        try {
            if (target.protocol() == PublishTarget.Protocol.RTSP) {
                avutil.av_dict_set(options, "rtsp_transport", "tcp", 0); // one connection, through NAT and firewalls
            } else if (target.protocol() == PublishTarget.Protocol.RTMP) {
                avutil.av_dict_set(options, "flvflags", "no_duration_filesize", 0); // a live stream has neither
            }
            startDeadline(ioTimeoutNanos);
            if ((ctx.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext pb = new AVIOContext(null);
                check(avformat.avio_open2(pb, target.url(), AVIO_FLAG_WRITE, ctx.interrupt_callback(), options),
                        "connecting");
                ctx.pb(pb);
            }
            check(avformat.avformat_write_header(ctx, options), "announcing the stream");
        } finally {
            avutil.av_dict_free(options);
        }
    }

    /** Pushes one access unit, stamped from its capture (decode) and presentation times (the first one pushed is at 0). */
    void write(Frame frame) throws IOException {
        byte[] unit = frame.bytes();
        if (originMicros == AV_NOPTS_VALUE) {
            originMicros = frame.captureEpochMicros();
        }
        long dts = avutil.av_rescale_q(frame.captureEpochMicros() - originMicros, MICROS, stream.time_base());
        if (lastDts != AV_NOPTS_VALUE && dts <= lastDts) {
            dts = lastDts + 1; // muxers need strictly increasing times (a clock step, two frames in one tick)
        }
        check(avcodec.av_new_packet(packet, unit.length), "allocating a packet");
        try {
            packet.data().put(unit, 0, unit.length);
            // B-frames (a camera's own H.264) are shown after they are decoded; without them the offset is 0
            packet.pts(dts + avutil.av_rescale_q(frame.presentationOffsetMicros(), MICROS, stream.time_base()));
            packet.dts(dts);
            packet.flags(frame.keyframe() ? AV_PKT_FLAG_KEY : 0);
            packet.stream_index(stream.index());
            startDeadline(ioTimeoutNanos);
            check(avformat.av_write_frame(context, packet), "sending frame " + frame.sequence());
            if (context.pb() != null) {
                avformat.avio_flush(context.pb()); // live: out now, not when a buffer fills
                check(context.pb().error(), "sending frame " + frame.sequence());
            }
        } finally {
            avcodec.av_packet_unref(packet);
        }
        lastDts = dts;
        bytes += unit.length;
        frames++;
    }

    /** H.264 bytes pushed on this connection (the access units, without the container's and protocol's own). */
    long bytes() {
        return bytes;
    }

    long frames() {
        return frames;
    }

    private void startDeadline(long nanos) {
        deadlineNanos = System.nanoTime() + nanos;
    }

    private void check(int code, String what) throws IOException {
        if (code >= 0) {
            return;
        }
        // An interrupted wait surfaces as whatever the protocol makes of it (EXIT, or "invalid data" from RTSP's
        // reply reader), so the deadline, not the code, says that it was the timeout.
        if (!stopping.getAsBoolean() && System.nanoTime() - deadlineNanos > 0) {
            throw new IOException(what + " got no answer within "
                    + TimeUnit.NANOSECONDS.toMillis(ioTimeoutNanos) + " ms: is the server up, and is this its address?");
        }
        FfmpegErrors.check(code, what);
    }

    /** Says goodbye to the server if it still listens (bounded), then frees FFmpeg's state. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (context != null) {
            if (frames > 0) {
                startDeadline(TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS));
                avformat.av_write_trailer(context); // a lost server cannot be told; nothing to do about it
            }
            if (context.pb() != null && (context.oformat().flags() & AVFMT_NOFILE) == 0) {
                avformat.avio_closep(context.pb());
            }
            avformat.avformat_free_context(context);
            context = null;
        }
        avcodec.av_packet_free(packet);
        interrupt.close();
    }
}
