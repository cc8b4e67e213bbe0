package dev.edgecam.encode;

import static org.bytedeco.ffmpeg.global.avutil.AV_HWDEVICE_TYPE_VAAPI;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_VAAPI;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_ctx_create;
import static org.bytedeco.ffmpeg.global.avutil.av_hwframe_ctx_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_hwframe_ctx_init;
import static org.bytedeco.ffmpeg.global.avutil.av_hwframe_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_hwframe_transfer_data;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.edgecam.frame.Size;
import dev.edgecam.media.FfmpegErrors;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * What {@code h264_vaapi} needs beyond a software encoder: a VA-API device ({@link #DEVICE}), a pool of GPU surfaces
 * (a hardware frames context, NV12) that the encoder reads, and each picture converted to NV12 and uploaded into one.
 * The encoder's pixel format is then {@code vaapi}.
 *
 * <p>Not run on any machine of this project yet (none has an Intel GPU): it follows FFmpeg's
 * {@code doc/examples/vaapi_encode.c}. When it fails to open, {@code auto} says why and takes openh264.
 */
final class VaapiUpload implements AutoCloseable {

    static final String DEVICE = "/dev/dri/renderD128";
    private static final int SURFACES = 8;

    private AVBufferRef device = new AVBufferRef((Pointer) null);
    private AVBufferRef frames;
    private final AVFrame nv12 = av_frame_alloc();
    private final AVFrame surface = av_frame_alloc();
    private SwsContext toNv12;

    private VaapiUpload() {
    }

    /** Opens the device and the surfaces for pictures of {@code size}, and points {@code context} at them. */
    static VaapiUpload attach(AVCodecContext context, Size size) {
        VaapiUpload upload = new VaapiUpload();
        try {
            upload.open(context, size);
            return upload;
        } catch (RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    private void open(AVCodecContext context, Size size) {
        check(av_hwdevice_ctx_create(device, AV_HWDEVICE_TYPE_VAAPI, DEVICE, (AVDictionary) null, 0),
                "opening the VA-API device " + DEVICE);
        frames = av_hwframe_ctx_alloc(device);
        if (frames == null) {
            throw new IllegalStateException("h264_vaapi: no hardware frames context for " + DEVICE);
        }
        AVHWFramesContext pool = new AVHWFramesContext(frames.data());
        pool.format(AV_PIX_FMT_VAAPI).sw_format(AV_PIX_FMT_NV12).width(size.width()).height(size.height())
                .initial_pool_size(SURFACES);
        check(av_hwframe_ctx_init(frames), "making " + SURFACES + " GPU surfaces of " + size);
        context.pix_fmt(AV_PIX_FMT_VAAPI);
        context.hw_frames_ctx(av_buffer_ref(frames));
        nv12.format(AV_PIX_FMT_NV12).width(size.width()).height(size.height());
        check(av_frame_get_buffer(nv12, 0), "allocating an NV12 picture");
        toNv12 = sws_getContext(size.width(), size.height(), AV_PIX_FMT_YUV420P, size.width(), size.height(),
                AV_PIX_FMT_NV12, SWS_BILINEAR, null, null, (DoublePointer) null);
    }

    /** {@code yuv420p} (with its pts and picture type) in a GPU surface, for the encoder; valid until the next call. */
    AVFrame upload(AVFrame yuv420p) {
        sws_scale(toNv12, yuv420p.data(), yuv420p.linesize(), 0, yuv420p.height(), nv12.data(), nv12.linesize());
        av_frame_unref(surface);
        check(av_hwframe_get_buffer(frames, surface, 0), "taking a GPU surface");
        check(av_hwframe_transfer_data(surface, nv12, 0), "uploading a picture to the GPU");
        surface.pts(yuv420p.pts());
        surface.pict_type(yuv420p.pict_type());
        return surface;
    }

    private static void check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException("h264_vaapi: " + what + " failed: " + FfmpegErrors.text(code));
        }
    }

    @Override
    public void close() {
        av_frame_free(surface);
        av_frame_free(nv12);
        if (toNv12 != null) {
            sws_freeContext(toNv12);
            toNv12 = null;
        }
        if (frames != null) {
            av_buffer_unref(frames);
            frames = null;
        }
        if (device != null && !device.isNull()) {
            av_buffer_unref(device);
        }
        device = null;
    }
}
