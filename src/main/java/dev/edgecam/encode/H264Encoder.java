package dev.edgecam.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.edgecam.frame.ParameterSets;
import dev.edgecam.frame.Size;
import dev.edgecam.media.FfmpegErrors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes BGR pictures to H.264 with one of FFmpeg's encoders (avcodec through JavaCPP): scaled by OpenCV and
 * converted to yuv420p by OpenCV's {@code cvtColor}, constrained baseline, no B-frames, a keyframe every
 * {@code keyframeFrames} frames and on request, and SPS/PPS in band before every keyframe (put back when the encoder
 * sends them only once). Zero latency: no lookahead, no frame skipping, so each picture comes out as it goes in
 * (a hardware encoder may hold a few).
 *
 * <p>Timestamps are the caller's, in {@link #TIME_BASE_HZ} (90 kHz, RTP's clock), from the capture time: frames
 * may arrive irregularly (a frame-rate cap, a slow source), and the rate control then still sees true time.
 *
 * <p>One encoder per camera, used by its capture thread only; {@link #close()} frees the native memory.
 */
public final class H264Encoder implements AutoCloseable {

    public static final int TIME_BASE_HZ = 90_000;

    /** One access unit out of the encoder: Annex B, SPS/PPS in front of every keyframe; {@code pts} in 90 kHz. */
    public record EncodedPicture(byte[] accessUnit, boolean keyframe, long pts) {
    }

    private final String name;
    private final Size size;
    private final long bitrate;
    private final int keyframeFrames;
    private final ParameterSets parameterSets = new ParameterSets();
    private final PictureScaler scaler = new PictureScaler();
    private final Mat i420 = new Mat();
    private AVCodecContext context;
    private AVFrame picture;
    private AVPacket packet;
    /** The GPU side of {@code h264_vaapi}; null for every other encoder. */
    private VaapiUpload vaapi;
    private long lastPts = Long.MIN_VALUE;

    private H264Encoder(String name, Size size, long bitrate, int keyframeFrames) {
        this.name = name;
        this.size = size;
        this.bitrate = bitrate;
        this.keyframeFrames = keyframeFrames;
    }

    /**
     * Opens FFmpeg's encoder {@code ffmpegName} (such as {@code libopenh264}) for pictures of {@code size} (rounded
     * down to even sides: yuv420p needs them).
     *
     * @throws IllegalStateException naming the encoder and FFmpeg's reason when it is missing or will not open
     */
    public static H264Encoder open(String ffmpegName, Size size, double fps, long bitrate, int keyframeFrames) {
        Size even = new Size(Math.max(2, size.width() & ~1), Math.max(2, size.height() & ~1));
        H264Encoder encoder = new H264Encoder(ffmpegName, even, bitrate, keyframeFrames);
        try {
            encoder.start(fps);
            return encoder;
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private void start(double fps) {
        AVCodec codec = avcodec_find_encoder_by_name(name);
        if (codec == null) {
            throw new IllegalStateException(name + ": this FFmpeg build has no such encoder"
                    + (name.equals("libx264") ? " (libx264 is in the GPL build only: build edgecam with mvn -Pgpl)" : ""));
        }
        context = avcodec_alloc_context3(codec);
        context.width(size.width());
        context.height(size.height());
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(new AVRational().num(1).den(TIME_BASE_HZ));
        context.framerate(av_d2q(H264Settings.usableFps(fps), 100_000));
        context.bit_rate(bitrate);
        context.gop_size(keyframeFrames);
        context.max_b_frames(0);
        // FFmpeg's openh264 wrapper hands openh264 this number, which warns "doesn't support profile(578)" and
        // writes constrained baseline all the same (profile_idc 66, constraint_set1; ffprobe agrees).
        context.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
        context.thread_count(0); // as the ffmpeg program's default (-threads auto)
        if (name.equals(H264EncoderName.H264_VAAPI.ffmpegName())) {
            vaapi = VaapiUpload.attach(context, size);
        }
        AVDictionary options = new AVDictionary(null);
        try {
            for (String[] option : optionsFor(name)) {
                av_dict_set(options, option[0], option[1], 0);
            }
            check(avcodec_open2(context, codec, options), "opening it at " + size + ", " + bitrate + " bit/s");
        } finally {
            av_dict_free(options);
        }
        String opened = context.codec().name().getString();
        if (!opened.equals(name)) {
            throw new IllegalStateException(name + ": FFmpeg opened " + opened + " instead");
        }
        picture = av_frame_alloc();
        picture.format(AV_PIX_FMT_YUV420P).width(size.width()).height(size.height());
        check(av_frame_get_buffer(picture, 0), "allocating a picture");
        packet = av_packet_alloc();
    }

    /** The encoder's own options for zero latency and constrained baseline (the profile is set on the context). */
    static List<String[]> optionsFor(String ffmpegName) {
        return switch (ffmpegName) {
            // Bitrate rate control with frame skipping off: a skipped frame would be a frozen one for every viewer.
            case "libopenh264" -> List.of(new String[] {"rc_mode", "bitrate"}, new String[] {"allow_skip_frames", "0"});
            // forced-idr: a keyframe asked for is an IDR, where a new client can start.
            case "libx264" -> List.of(new String[] {"preset", "veryfast"}, new String[] {"tune", "zerolatency"},
                    new String[] {"profile", "baseline"}, new String[] {"forced-idr", "1"});
            default -> List.of();
        };
    }

    public String name() {
        return name;
    }

    /** The size of the pictures it encodes (even sides). */
    public Size size() {
        return size;
    }

    public long bitrate() {
        return bitrate;
    }

    public int keyframeFrames() {
        return keyframeFrames;
    }

    /**
     * Encodes {@code bgr} (any size: scaled to {@link #size()}) as the picture at {@code pts} (90 kHz; a pts not after
     * the previous one is moved just after it) and returns the access units the encoder gives back now, usually one.
     *
     * @param forceKeyframe makes this picture a keyframe (an IDR with SPS/PPS)
     * @throws IllegalStateException naming the encoder and FFmpeg's reason when encoding fails
     */
    public List<EncodedPicture> encode(Mat bgr, long pts, boolean forceKeyframe) {
        if (context == null) {
            throw new IllegalStateException(name + " is closed");
        }
        Mat sized = scaler.scaled(bgr, size);
        // OpenCV's BGR to I420 (BT.601, video range, as swscale's default) is about 5x faster than swscale's here
        // (0.33 ms against 1.6 ms a 1280x720 picture), which is most of what the ffmpeg program does in another thread.
        cvtColor(sized, i420, COLOR_BGR2YUV_I420);
        check(av_frame_make_writable(picture), "making the picture writable");
        int lumaBytes = size.width() * size.height();
        copyPlane(0, 0, size.width(), size.height());
        copyPlane(1, lumaBytes, size.width() / 2, size.height() / 2);
        copyPlane(2, lumaBytes + lumaBytes / 4, size.width() / 2, size.height() / 2);
        lastPts = pts > lastPts ? pts : lastPts + 1;
        picture.pts(lastPts);
        picture.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        check(avcodec_send_frame(context, vaapi == null ? picture : vaapi.upload(picture)), "encoding a picture");
        List<EncodedPicture> out = new ArrayList<>(1);
        while (true) {
            int got = avcodec_receive_packet(context, packet);
            if (got == AVERROR_EAGAIN() || got == AVERROR_EOF) {
                return out;
            }
            check(got, "taking an encoded picture");
            try {
                byte[] bytes = new byte[packet.size()];
                packet.data().capacity(packet.size()).get(bytes);
                boolean keyframe = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                out.add(new EncodedPicture(parameterSets.complete(bytes, keyframe), keyframe, packet.pts()));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Copies one plane of {@link #i420} (rows of {@code width} bytes from {@code offset}) into the frame's plane. */
    private void copyPlane(int plane, long offset, int width, int height) {
        BytePointer from = i420.data();
        BytePointer to = picture.data(plane);
        int stride = picture.linesize(plane);
        if (stride == width) {
            Pointer.memcpy(to.position(0), from.position(offset), (long) width * height);
        } else {
            for (int row = 0; row < height; row++) {
                Pointer.memcpy(to.position((long) row * stride), from.position(offset + (long) row * width), width);
            }
        }
        to.position(0);
        from.position(0);
    }

    private void check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException(name + ": " + what + " failed: " + FfmpegErrors.text(code));
        }
    }

    /** Frees the encoder; idempotent. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
        if (vaapi != null) {
            vaapi.close();
            vaapi = null;
        }
        if (picture != null) {
            av_frame_free(picture);
            picture = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        scaler.close();
        i420.close();
    }
}
