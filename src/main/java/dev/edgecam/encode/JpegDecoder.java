package dev.edgecam.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a JPEG to BGR pixels, for a rendition of another size of a camera whose own JPEGs are passed through
 * (only while somebody watches that size: passthrough exists to avoid this decode).
 */
public final class JpegDecoder {

    private JpegDecoder() {
    }

    /**
     * The pixels of {@code jpeg}; the caller closes the returned picture.
     *
     * @throws IllegalStateException when OpenCV cannot decode it
     */
    public static Mat decode(byte[] jpeg) {
        try (BytePointer bytes = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length,
                org.bytedeco.opencv.global.opencv_core.CV_8U, bytes)) {
            Mat picture = imdecode(encoded, IMREAD_COLOR);
            if (picture.empty()) {
                picture.close();
                throw new IllegalStateException("OpenCV could not decode a JPEG of " + jpeg.length + " bytes");
            }
            return picture;
        }
    }
}
