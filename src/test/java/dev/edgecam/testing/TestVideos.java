package dev.edgecam.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Writes small real video files with FFmpeg, for tests of the {@code file} source. */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * Writes an MJPEG AVI (served as passthrough, so it costs no decode) of {@code frames} flat pictures of
     * one colour, given in B, G, R order.
     */
    public static Path mjpegAvi(Path file, int width, int height, int frames, double fps, int[] bgr) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, height, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             Scalar colour = new Scalar(bgr[0], bgr[1], bgr[2], 0);
             Mat picture = new Mat(height, width, CV_8UC3, colour)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(fps);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(picture));
            }
            recorder.stop();
        }
        return file;
    }
}
