package dev.edgecam.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.JpegEncoder;
import dev.edgecam.frame.Size;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MjpegHuffmanTablesTest {

    private static byte[] withTables;

    @BeforeAll
    static void encodeARealPicture() throws InterruptedException {
        // A real JPEG as libjpeg-turbo writes it: with the standard Annex K tables in DHT segments.
        TestPatternSource pattern = new TestPatternSource(new Size(160, 120), 30);
        try (pattern; JpegEncoder encoder = new JpegEncoder()) {
            pattern.open();
            Capture.Pixels pixels = (Capture.Pixels) pattern.next(true);
            withTables = encoder.encode(pixels.bgr(), EncodeSettings.defaults());
        }
    }

    @Test
    void aFrameWithTablesIsReturnedAsTheSameArrayUntouched() {
        byte[] copy = withTables.clone();

        assertThat(MjpegHuffmanTables.hasTables(withTables)).isTrue();
        assertThat(MjpegHuffmanTables.ensurePresent(withTables)).isSameAs(withTables);
        assertThat(withTables).isEqualTo(copy);
    }

    @Test
    void aFrameWithoutTablesGetsTablesThatDecodeToExactlyTheOriginalPicture() throws IOException {
        byte[] stripped = stripDht(withTables);
        assertThat(stripped.length).isLessThan(withTables.length);
        assertThat(MjpegHuffmanTables.hasTables(stripped)).isFalse();

        byte[] fixed = MjpegHuffmanTables.ensurePresent(stripped);

        assertThat(fixed).isNotSameAs(stripped);
        assertThat(fixed.length).isEqualTo(stripped.length + MjpegHuffmanTables.STANDARD_DHT.length);
        assertThat(MjpegHuffmanTables.hasTables(fixed)).isTrue();
        // Decoders here would fall back to the standard tables themselves, so the inserted ones must be exact:
        // a wrong table would be used as written and give other pixels, or none.
        assertThat(differingPixels(fixed, withTables)).as("OpenCV: pixels differing from the original").isZero();
        assertThat(imageIoPixels(fixed)).as("ImageIO").isEqualTo(imageIoPixels(withTables));
        assertThat(MjpegHuffmanTables.ensurePresent(fixed)).isSameAs(fixed);
    }

    @Test
    void theTablesGoJustBeforeTheFirstScan() {
        byte[] stripped = stripDht(withTables);
        int sos = indexOfMarker(stripped, 0xDA);

        byte[] fixed = MjpegHuffmanTables.ensurePresent(stripped);

        assertThat(fixed[sos] & 0xFF).isEqualTo(0xFF);
        assertThat(fixed[sos + 1] & 0xFF).isEqualTo(0xC4);
        assertThat(indexOfMarker(fixed, 0xDA)).isEqualTo(sos + MjpegHuffmanTables.STANDARD_DHT.length);
    }

    @Test
    void bytesThatAreNoJpegOrAreCutShortAreLeftAlone() {
        byte[][] odd = {
            new byte[0], new byte[] {1, 2, 3, 4, 5}, new byte[] {(byte) 0xFF, (byte) 0xD8},
            java.util.Arrays.copyOf(stripDht(withTables), 30), new byte[] {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34, 0, 0},
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1, 0, 0},
        };
        for (byte[] bytes : odd) {
            assertThat(MjpegHuffmanTables.ensurePresent(bytes)).isSameAs(bytes);
        }
    }

    @Test
    void theStandardSegmentHoldsTheFourTablesOfAnnexK() {
        byte[] dht = MjpegHuffmanTables.STANDARD_DHT;
        int length = ((dht[2] & 0xFF) << 8) | (dht[3] & 0xFF);
        // 4 class/id bytes, 4 x 16 counts, 12 + 12 DC values and 162 + 162 AC values.
        assertThat(length).isEqualTo(2 + 4 + 4 * 16 + 12 + 12 + 162 + 162);
        assertThat(dht.length).isEqualTo(2 + length);
    }

    /** Removes every DHT segment before the first SOS, as cameras that send AVI1-style MJPEG do. */
    static byte[] stripDht(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int at = 2;
        while (true) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xDA) {
                out.write(jpeg, at, jpeg.length - at);
                return out.toByteArray();
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (marker != 0xC4) {
                out.write(jpeg, at, 2 + length);
            }
            at += 2 + length;
        }
    }

    private static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        return -1;
    }

    private static int differingPixels(byte[] a, byte[] b) {
        try (Mat pa = decode(a); Mat pb = decode(b); Mat diff = new Mat(); Mat grey = new Mat()) {
            assertThat(pa.type()).isEqualTo(CV_8UC3);
            absdiff(pa, pb, diff);
            cvtColor(diff, grey, COLOR_BGR2GRAY);
            return countNonZero(grey);
        }
    }

    private static int[] imageIoPixels(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).isNotNull();
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static Mat decode(byte[] jpeg) {
        try (BytePointer data = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8U, data)) {
            Mat picture = imdecode(encoded, IMREAD_COLOR);
            assertThat(picture.empty()).isFalse();
            return picture;
        }
    }
}
