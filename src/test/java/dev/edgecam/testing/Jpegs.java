package dev.edgecam.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.edgecam.frame.Size;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Checks that bytes really are a JPEG image, by decoding them with OpenCV (libjpeg-turbo). */
public final class Jpegs {

    private Jpegs() {
    }

    /**
     * Decodes {@code jpeg} and returns its size.
     *
     * @throws AssertionError when the bytes are not a whole colour JPEG that decodes
     */
    public static Size decode(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new AssertionError("not a JPEG: it does not start with the SOI marker FF D8 (" + jpeg.length + " bytes)");
        }
        if ((jpeg[jpeg.length - 2] & 0xFF) != 0xFF || (jpeg[jpeg.length - 1] & 0xFF) != 0xD9) {
            throw new AssertionError("not a whole JPEG: it does not end with the EOI marker FF D9");
        }
        try (BytePointer data = new BytePointer(jpeg);
             Mat encoded = new Mat(1, jpeg.length, CV_8U, data);
             Mat picture = imdecode(encoded, IMREAD_COLOR)) {
            if (picture.empty()) {
                throw new AssertionError("OpenCV could not decode the " + jpeg.length + "-byte JPEG");
            }
            if (picture.channels() != 3) {
                throw new AssertionError("expected a colour picture, got " + picture.channels() + " channels");
            }
            return new Size(picture.cols(), picture.rows());
        }
    }
}
