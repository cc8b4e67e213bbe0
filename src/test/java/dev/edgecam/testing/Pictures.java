package dev.edgecam.testing;

import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.edgecam.source.NoSignalPicture;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Looks at real JPEGs the way a viewer would: decodes them with OpenCV and tells what they show. */
public final class Pictures {

    private Pictures() {
    }

    /** The mean colour of a JPEG in B, G, R order; fails the test when the bytes are no decodable JPEG. */
    public static double[] meanBgr(byte[] jpeg) {
        try (BytePointer bytes = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, bytes); Mat picture = imdecode(encoded, IMREAD_COLOR)) {
            if (picture.empty()) {
                throw new AssertionError("not a decodable JPEG (" + jpeg.length + " bytes)");
            }
            try (Scalar m = mean(picture)) {
                return new double[] {m.get(0), m.get(1), m.get(2)};
            }
        }
    }

    /**
     * True for the "no signal" picture: its flat dark-blue background makes blue far stronger than red,
     * which neither the test pattern (grey on average) nor the test videos (green, red) show.
     */
    public static boolean isNoSignal(byte[] jpeg) {
        double[] bgr = meanBgr(jpeg);
        int[] background = NoSignalPicture.BACKGROUND_BGR;
        return bgr[0] - bgr[2] > (background[0] - background[2]) / 2.0 && bgr[1] < 90;
    }
}
