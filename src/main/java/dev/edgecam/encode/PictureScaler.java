package dev.edgecam.encode;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.edgecam.frame.Size;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Scales BGR pictures to an encoder's size with OpenCV (area averaging when shrinking, linear when enlarging), into a
 * buffer it reuses between frames. One per encoder; used by one thread.
 */
final class PictureScaler implements AutoCloseable {

    private final Mat scaled = new Mat();

    /** {@code bgr} itself when it has {@code size} or {@code size} is null, else the picture scaled (valid until the next call). */
    Mat scaled(Mat bgr, Size size) {
        if (size == null || (size.width() == bgr.cols() && size.height() == bgr.rows())) {
            return bgr;
        }
        boolean shrinking = size.width() < bgr.cols();
        try (org.bytedeco.opencv.opencv_core.Size target =
                     new org.bytedeco.opencv.opencv_core.Size(size.width(), size.height())) {
            resize(bgr, scaled, target, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        }
        return scaled;
    }

    @Override
    public void close() {
        scaled.close();
    }
}
