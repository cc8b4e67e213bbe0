package dev.edgecam.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Size;
import dev.edgecam.testing.TestJpegs;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JpegDimensionsTest {

    @Test
    void readsTheSizeFromTheStartOfFrameMarker() {
        assertThat(JpegDimensions.of(TestJpegs.quadrants(320, 240, 1))).isEqualTo(new Size(320, 240));
        assertThat(JpegDimensions.of(TestJpegs.quadrants(33, 17, 1))).isEqualTo(new Size(33, 17));
    }

    @Test
    void answersNullForBytesThatAreNoReadableJpeg() {
        byte[] jpeg = TestJpegs.quadrants(320, 240, 1);
        assertThat(JpegDimensions.of("Unknown command".getBytes())).isNull();
        assertThat(JpegDimensions.of(Arrays.copyOf(jpeg, 20))).isNull(); // cut before the start of frame
        assertThat(JpegDimensions.of(new byte[] {(byte) 0xFF, (byte) 0xD8})).isNull();
        byte[] endless = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1}; // a segment length below 2
        assertThat(JpegDimensions.of(endless)).isNull();
    }
}
