package dev.edgecam.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import dev.edgecam.frame.Size;
import dev.edgecam.media.JpegDimensions;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * How much of the picture changed since the last one looked at. Each JPEG is decoded small and grey in one step
 * (libjpeg's scaled decode: {@code IMREAD_REDUCED_GRAYSCALE_2/4/8}, to at most {@link #MAX_WIDTH} pixels wide, so a
 * 1280x720 frame costs a fraction of a full decode), blurred against sensor noise, and compared with the previous
 * one: a pixel whose brightness moved by more than {@link MotionConfig#pixelThreshold()} changed. Pixels under a mask
 * never count; the share is of the whole picture. Used by one thread.
 */
final class MotionDetector implements AutoCloseable {

    static final int MAX_WIDTH = 320;
    private static final org.bytedeco.opencv.opencv_core.Size BLUR = new org.bytedeco.opencv.opencv_core.Size(5, 5);

    private final MotionConfig config;
    private Mat previous;
    private Mat mask;

    MotionDetector(MotionConfig config) {
        this.config = config;
    }

    /**
     * The share (0 to 1) of the picture that changed since the previous call, 0 for the first picture (or the first of
     * a new size); -1 when {@code jpeg} cannot be decoded.
     */
    double changedShare(byte[] jpeg) {
        Mat grey = decodeSmallGrey(jpeg);
        if (grey == null) {
            return -1;
        }
        GaussianBlur(grey, grey, BLUR, 0);
        if (previous == null || previous.cols() != grey.cols() || previous.rows() != grey.rows()) {
            replacePrevious(grey);
            mask = config.masks().isEmpty() ? null : maskOf(grey.cols(), grey.rows());
            return 0;
        }
        try (Mat diff = new Mat()) {
            absdiff(previous, grey, diff);
            threshold(diff, diff, config.pixelThreshold(), 255, THRESH_BINARY);
            if (mask != null) {
                bitwise_and(diff, mask, diff);
            }
            double share = countNonZero(diff) / (double) (diff.cols() * diff.rows());
            replacePrevious(grey);
            return share;
        }
    }

    private void replacePrevious(Mat grey) {
        if (previous != null) {
            previous.close();
        }
        previous = grey;
    }

    private static Mat decodeSmallGrey(byte[] jpeg) {
        Size size = JpegDimensions.of(jpeg);
        if (size == null) {
            return null;
        }
        int flag = size.width() > 4 * MAX_WIDTH ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8
                : size.width() > 2 * MAX_WIDTH ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4
                : size.width() > MAX_WIDTH ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2
                : opencv_imgcodecs.IMREAD_GRAYSCALE;
        try (Mat encoded = new Mat(new BytePointer(jpeg))) {
            Mat grey = opencv_imgcodecs.imdecode(encoded, flag);
            if (grey.empty()) {
                grey.close();
                return null;
            }
            return grey;
        }
    }

    /** 255 where motion counts, 0 under the masks. */
    private Mat maskOf(int width, int height) {
        Mat counted = new Mat(height, width, CV_8UC1, new Scalar(255));
        try (MatVector polygons = new MatVector(config.masks().size())) {
            for (int i = 0; i < config.masks().size(); i++) {
                List<double[]> corners = config.masks().get(i).points();
                Mat polygon = new Mat(corners.size(), 1, CV_32SC2);
                IntIndexer at = polygon.createIndexer();
                for (int c = 0; c < corners.size(); c++) {
                    at.put(c, 0, 0, (int) Math.round(corners.get(c)[0] * width));
                    at.put(c, 0, 1, (int) Math.round(corners.get(c)[1] * height));
                }
                at.close();
                polygons.put(i, polygon);
            }
            fillPoly(counted, polygons, new Scalar(0));
        }
        return counted;
    }

    @Override
    public void close() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
        if (mask != null) {
            mask.close();
            mask = null;
        }
    }
}
