package dev.edgecam.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
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

    /**
     * Writes {@code frames} pictures that all differ (a bar that moves and the frame number) in the given
     * container and codec, such as {@code "avi"} with {@code AV_CODEC_ID_MJPEG} (JPEG packets, the route a
     * USB camera's MJPEG takes) or {@code "mp4"} with {@code AV_CODEC_ID_MPEG4} (decoded and re-encoded).
     */
    public static Path numbered(Path file, String format, int codec, int width, int height, int frames, double fps)
            throws Exception {
        av_log_set_level(AV_LOG_ERROR); // FFmpeg's own encoder chatter is noise in test output
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, height, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             Scalar background = new Scalar(40, 90, 30, 0);
             Scalar white = new Scalar(255, 255, 255, 0);
             Mat picture = new Mat(height, width, CV_8UC3)) {
            recorder.setFormat(format);
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(codec == AV_CODEC_ID_MJPEG ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(Math.max(1, (int) fps));
            recorder.start();
            for (int i = 0; i < frames; i++) {
                picture.put(background);
                int x = (int) ((long) i * width / Math.max(1, frames));
                try (Point from = new Point(x, 0); Point to = new Point(x + Math.max(4, width / 16), height - 1);
                     Point textAt = new Point(width / 8, height / 2)) {
                    rectangle(picture, from, to, white, FILLED, 8, 0);
                    putText(picture, "frame " + i, textAt, FONT_HERSHEY_SIMPLEX, Math.max(0.5, height / 240.0), white,
                            2, 8, false);
                }
                recorder.record(converter.convert(picture));
            }
            recorder.stop();
        }
        return file;
    }
}
