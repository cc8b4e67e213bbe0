package dev.edgecam.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.TestPatternSource;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The picture every encoder benchmark encodes: one frame of the server's own test pattern, so JMH and
 * {@code tjbench} (which reads a PPM file) measure the same image the server streams.
 */
public final class BenchImage {

    private BenchImage() {
    }

    /** One test-pattern frame of {@code size}, BGR; the caller closes it. */
    public static Mat testPattern(Size size) throws InterruptedException {
        TestPatternSource source = new TestPatternSource(size, 30);
        try {
            source.open();
            Capture.Pixels pixels = (Capture.Pixels) source.next(true);
            return pixels.bgr().clone();
        } finally {
            source.close();
        }
    }

    /** Writes the test-pattern frame as a binary PPM for tjbench: {@code BenchImage 1280x720 out.ppm}. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BenchImage WIDTHxHEIGHT FILE.ppm");
            System.exit(2);
        }
        try (Mat image = testPattern(Size.parse(args[0]))) {
            if (!imwrite(args[1], image)) {
                System.err.println("could not write " + args[1]);
                System.exit(1);
            }
        }
    }
}
