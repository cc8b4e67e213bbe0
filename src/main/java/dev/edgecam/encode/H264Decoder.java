package dev.edgecam.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.edgecam.media.FfmpegErrors;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a camera's own H.264 (Annex B access units) to BGR pictures with FFmpeg's decoder, for the JPEG renditions
 * of a camera whose H.264 is passed through: only while one of them is watched. Kept open and fed every access unit
 * from a keyframe on, so each picture decodes from its references. Used by one thread; {@link #close()} frees it.
 */
public final class H264Decoder implements AutoCloseable {

    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame decoded;
    private SwsContext scaler;
    private Mat bgr = new Mat();
    private final PointerPointer<?> bgrPlanes = new PointerPointer<>(4);
    private final IntPointer bgrStrides = new IntPointer(4);

    /** @throws IllegalStateException when FFmpeg's H.264 decoder cannot be opened */
    public H264Decoder() {
        context = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        context.thread_count(1); // frame threads would hold pictures back: one in, one out
        try {
            check(avcodec_open2(context, null, (AVDictionary) null), "opening FFmpeg's H.264 decoder");
        } catch (RuntimeException e) { // close() frees nothing without a context: free what is held so far here
            avcodec_free_context(context);
            bgr.close();
            bgrPlanes.close();
            bgrStrides.close();
            throw e;
        }
        packet = av_packet_alloc();
        decoded = av_frame_alloc();
    }

    /**
     * Decodes one access unit and returns its picture, or null when the decoder gave none (yet). The picture belongs
     * to the decoder and stays valid until the next call.
     *
     * @throws IllegalStateException with FFmpeg's reason when the bytes cannot be decoded
     */
    public Mat decode(byte[] accessUnit) {
        check(av_new_packet(packet, accessUnit.length), "allocating a packet");
        try {
            packet.data().capacity(accessUnit.length).put(accessUnit);
            check(avcodec_send_packet(context, packet), "decoding H.264");
        } finally {
            av_packet_unref(packet);
        }
        Mat picture = null;
        while (true) {
            int got = avcodec_receive_frame(context, decoded);
            if (got == AVERROR_EAGAIN() || got == AVERROR_EOF) {
                return picture;
            }
            check(got, "taking a decoded picture");
            picture = toBgr();
        }
    }

    private Mat toBgr() {
        int width = decoded.width();
        int height = decoded.height();
        scaler = sws_getCachedContext(scaler, width, height, decoded.format(), width, height, AV_PIX_FMT_BGR24,
                SWS_BILINEAR, null, null, (DoublePointer) null);
        if (bgr.cols() != width || bgr.rows() != height) {
            bgr.close();
            bgr = new Mat(height, width, CV_8UC3);
        }
        bgrPlanes.put(0, bgr.data());
        bgrStrides.put(0, (int) bgr.step());
        sws_scale(scaler, decoded.data(), decoded.linesize(), 0, height, bgrPlanes, bgrStrides);
        return bgr;
    }

    private static void check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException(what + " failed: " + FfmpegErrors.text(code));
        }
    }

    /** Frees the decoder; idempotent. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
            av_packet_free(packet);
            av_frame_free(decoded);
            if (scaler != null) {
                sws_freeContext(scaler);
            }
            bgr.close();
            bgrPlanes.close();
            bgrStrides.close();
        }
    }
}
