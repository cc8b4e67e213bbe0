package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.TestJpegs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JpegCheckTest {

    private static final byte[] JPEG = TestJpegs.quadrants(320, 240, 1);

    @Test
    void aWholeJpegPasses() {
        assertThat(JpegCheck.problem(JPEG)).isNull();
        assertThat(JpegCheck.problem(Arrays.copyOf(JPEG, JPEG.length + 16))).as("padded with zero bytes").isNull();
    }

    @Test
    void textIsNoJpeg() {
        assertThat(JpegCheck.problem("Unknown command".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("they do not start with the JPEG start-of-image marker FF D8");
        assertThat(JpegCheck.problem(new byte[] {1})).contains("start-of-image marker");
    }

    @Test
    void aStartOfImageWithoutAPictureSizeIsNoJpeg() {
        byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertThat(JpegCheck.problem(noFrame)).contains("no readable picture size");
    }

    @Test
    void aPictureCutShortIsNoJpeg() {
        assertThat(JpegCheck.problem(Arrays.copyOf(JPEG, JPEG.length - 100)))
                .isEqualTo("they do not end with the JPEG end-of-image marker FF D9: the picture is cut short");
    }
}
