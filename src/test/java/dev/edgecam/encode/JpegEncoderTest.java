package dev.edgecam.encode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.Jpegs;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JpegEncoderTest {

    private final TestPatternSource pattern = new TestPatternSource(new Size(320, 240), 240);
    private final JpegEncoder encoder = new JpegEncoder();
    private Mat picture;

    @BeforeEach
    void draw() throws InterruptedException {
        pattern.open();
        picture = ((Capture.Pixels) pattern.next(true)).bgr();
    }

    @AfterEach
    void close() {
        encoder.close();
        pattern.close();
    }

    @Test
    void encodesAColourJpegAtTheAskedSizeAndQuality() {
        byte[] asCaptured = encoder.encode(picture, EncodeSettings.defaults());
        byte[] scaled = encoder.encode(picture, EncodeSettings.defaults().withOutputSize(new Size(160, 120)));
        byte[] low = encoder.encode(picture, EncodeSettings.defaults().withQuality(20));
        byte[] high = encoder.encode(picture, EncodeSettings.defaults().withQuality(98));

        assertThat(Jpegs.decode(asCaptured)).isEqualTo(new Size(320, 240));
        assertThat(Jpegs.decode(scaled)).isEqualTo(new Size(160, 120));
        assertThat(low.length).isLessThan(asCaptured.length);
        assertThat(high.length).isGreaterThan(asCaptured.length);
        assertThat(encoder.encode(picture, EncodeSettings.defaults())).as("same input, same bytes").isEqualTo(asCaptured);
    }

    @Test
    void changingQualityAndSizeEveryFrameHoldsNoNativeMemory() {
        for (int i = 0; i < 50; i++) {
            encoder.encode(picture, settings(i)); // warm up: the encoder's own buffers are allocated once
        }
        // JavaCPP's counts are global; another test's leftover thread could move them. Each frame once left
        // its output buffer counted (about 10 KB here, 6 MB per batch), which ends in OutOfMemoryError when the
        // count reaches its limit after a long run: so at least one batch must show no growth.
        long leastGrowth = Long.MAX_VALUE;
        for (int batch = 0; batch < 3; batch++) {
            long bytesBefore = Pointer.totalBytes();
            for (int i = 0; i < 600; i++) {
                encoder.encode(picture, settings(i));
            }
            leastGrowth = Math.min(leastGrowth, Pointer.totalBytes() - bytesBefore);
        }
        assertThat(leastGrowth).as("native bytes still counted after 600 frames").isLessThan(512 * 1024);
    }

    private static EncodeSettings settings(int frame) {
        EncodeSettings settings = EncodeSettings.defaults().withQuality(40 + frame % 55);
        return frame % 3 == 0 ? settings.withOutputSize(new Size(200, 150)) : settings;
    }
}
