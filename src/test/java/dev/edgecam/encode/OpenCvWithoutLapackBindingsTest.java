package dev.edgecam.encode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import dev.edgecam.testing.Jpegs;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OpenCV loads with edgecam's stand-in for OpenBLAS's Java bindings (src/main/java/org/bytedeco/openblas/global),
 * which the jar carries instead of the real class: a class of about 10,000 native methods that JavaCPP initialises
 * with OpenCV and nothing calls (with its JNI library, 9 MiB resident in the server).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenCvWithoutLapackBindingsTest {

    @Test
    void openCvLoadsAndEncodesWhileTheOpenBlasClassItInitialisesHasNoNativeMethods() throws Exception {
        Loader.load(opencv_imgcodecs.class); // as NativePreload does, failing loudly
        try (Mat picture = new Mat(240, 320, opencv_core.CV_8UC3, new Scalar(40, 120, 200, 0));
             JpegEncoder encoder = new JpegEncoder()) {
            assertThat(Jpegs.decode(encoder.encode(picture, EncodeSettings.defaults()))).isEqualTo(new Size(320, 240));
        }

        Class<?> bindings = Class.forName("org.bytedeco.openblas.global.openblas");
        assertThat(Arrays.stream(bindings.getDeclaredMethods()).filter(m -> Modifier.isNative(m.getModifiers())))
                .as("LAPACK and BLAS bindings declared by the class JavaCPP loaded").map(Method::getName).isEmpty();
    }
}
