package dev.edgecam.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's description of an H.264 stream of Annex B access units (a hub's frames), for a muxer's stream: codec,
 * picture size and the SPS and PPS as extradata in Annex B form, which every muxer used here (MP4, Matroska, FLV,
 * MPEG-TS, RTSP) turns into what its container wants.
 */
public final class H264CodecParameters {

    private H264CodecParameters() {
    }

    /** New parameters the caller frees with {@code avcodec_parameters_free} (a muxer's stream copies them). */
    public static AVCodecParameters allocate(H264ParameterSets params) {
        AVCodecParameters codec = avcodec.avcodec_parameters_alloc();
        codec.codec_type(AVMEDIA_TYPE_VIDEO);
        codec.codec_id(AV_CODEC_ID_H264);
        codec.width(params.width());
        codec.height(params.height());
        codec.format(avutil.AV_PIX_FMT_YUV420P);
        byte[] extradata = params.annexB();
        BytePointer data = new BytePointer(avutil.av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
        data.put(extradata);
        codec.extradata(data);
        codec.extradata_size(extradata.length);
        return codec;
    }
}
