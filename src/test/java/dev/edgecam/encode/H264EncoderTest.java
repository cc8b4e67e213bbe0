package dev.edgecam.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.randu;

import dev.edgecam.frame.AnnexB;
import dev.edgecam.frame.Frame;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.TestPatternSource;
import dev.edgecam.testing.Ffprobe;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link H264Encoder} with FFmpeg's libopenh264, its output read back by Debian's ffprobe. */
@Timeout(120)
class H264EncoderTest {

    private static final double FPS = 30;

    @TempDir
    Path dir;

    @Test
    void encodesConstrainedBaselineWithoutBFramesAndAKeyframeEveryIntervalEachWithParameterSets() throws Exception {
        List<H264Encoder.EncodedPicture> pictures = encode(new Size(640, 360), 150, 500_000, 60, i -> false, false);

        assertThat(pictures).hasSize(150);
        for (H264Encoder.EncodedPicture picture : pictures) {
            // What a client starting at any keyframe needs; Frame.h264 refuses a keyframe without them.
            assertThat(AnnexB.hasSpsAndPps(AnnexB.parameterSets(picture.accessUnit()))).isEqualTo(picture.keyframe());
            Frame.h264(1, 0, 0, 640, 360, picture.keyframe(), picture.accessUnit());
        }
        Ffprobe.Probe probe = Ffprobe.h264File(write(pictures));
        assertThat(probe.errors()).isEmpty();
        assertThat(probe.profile()).isEqualTo("Constrained Baseline"); // profile_idc 66 with constraint_set1
        assertThat(probe.hasBFrames()).isZero();
        assertThat(probe.frames()).hasSize(150).noneMatch(f -> f.pictType().equals("B"));
        assertThat(keyframeIndexes(probe)).containsExactly(0, 60, 120);
    }

    @Test
    void aForcedKeyframeIsAnIdrWithParameterSets() throws Exception {
        List<H264Encoder.EncodedPicture> pictures = encode(new Size(320, 240), 40, 300_000, 600, i -> i == 17, false);

        assertThat(pictures.get(17).keyframe()).isTrue();
        assertThat(AnnexB.hasSpsAndPps(AnnexB.parameterSets(pictures.get(17).accessUnit()))).isTrue();
        Ffprobe.Probe probe = Ffprobe.h264File(write(pictures.subList(17, 40))); // a client starting there
        assertThat(probe.errors()).isEmpty();
        assertThat(probe.frames()).hasSize(23);
        assertThat(keyframeIndexes(Ffprobe.h264File(write(pictures)))).containsExactly(0, 17);
    }

    @Test
    void honoursTheBitrateOverTenSecondsWithinThirtyPercent() throws Exception {
        long bitrate = 1_000_000;
        List<H264Encoder.EncodedPicture> pictures = encode(new Size(640, 360), 300, bitrate, 60, i -> false, true);

        long bits = pictures.stream().mapToLong(p -> p.accessUnit().length * 8L).sum();
        assertThat((double) bits / 10).isBetween(bitrate * 0.7, bitrate * 1.3);
    }

    @Test
    void scalesAPictureOfAnotherSizeAndRoundsOddSidesDown() throws Exception {
        try (H264Encoder encoder = H264Encoder.open("libopenh264", new Size(321, 181), FPS, 200_000, 30);
             Mat picture = new Mat(480, 640, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(40, 90, 200, 0))) {
            assertThat(encoder.size()).isEqualTo(new Size(320, 180));
            assertThat(encoder.encode(picture, 0, false)).hasSize(1).allMatch(H264Encoder.EncodedPicture::keyframe);
        }
    }

    @Test
    void coloursSurviveTheRoundTripThroughFfmpegsDecoder() {
        Scalar orange = new Scalar(40, 140, 230, 0); // B, G, R
        try (H264Encoder encoder = H264Encoder.open("libopenh264", new Size(320, 240), FPS, 500_000, 30);
             H264Decoder decoder = new H264Decoder();
             Mat picture = new Mat(240, 320, CV_8UC3, orange)) {
            Mat decoded = null;
            for (int i = 0; i < 5; i++) {
                for (H264Encoder.EncodedPicture encoded : encoder.encode(picture, i * 3000L, false)) {
                    decoded = decoder.decode(encoded.accessUnit());
                }
            }
            assertThat(decoded).isNotNull();
            assertThat(decoded.cols()).isEqualTo(320);
            Scalar mean = org.bytedeco.opencv.global.opencv_core.mean(decoded);
            for (int channel = 0; channel < 3; channel++) {
                assertThat(mean.get(channel)).as("channel " + channel).isCloseTo(orange.get(channel),
                        org.assertj.core.data.Offset.offset(6.0));
            }
        }
    }

    @Test
    void anEncoderThisBuildLacksIsAOneLineErrorNamingIt() {
        assertThatThrownBy(() -> H264Encoder.open("libx264", new Size(320, 240), FPS, 200_000, 30))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("libx264").hasMessageContaining("mvn -Pgpl");
    }

    /** Encodes {@code count} test-pattern frames at 30 fps (pts from the frame number), optionally with noise. */
    private static List<H264Encoder.EncodedPicture> encode(Size size, int count, long bitrate, int keyframeFrames,
                                                           IntPredicate forced, boolean noisy) throws Exception {
        List<H264Encoder.EncodedPicture> out = new ArrayList<>();
        TestPatternSource source = new TestPatternSource(size, 240);
        source.open();
        try (H264Encoder encoder = H264Encoder.open("libopenh264", size, FPS, bitrate, keyframeFrames);
             Mat texture = new Mat(size.height(), size.width() * 2, CV_8UC3)) {
            try (Mat gray = texture.reshape(1); Mat low = new Mat(1, 1, CV_64F, new Scalar(0));
                 Mat high = new Mat(1, 1, CV_64F, new Scalar(256))) {
                randu(gray, low, high);
            }
            for (int i = 0; i < count; i++) {
                Mat bgr = ((Capture.Pixels) source.next(true)).bgr();
                if (noisy) {
                    paintPanningTexture(bgr, texture, i);
                }
                out.addAll(encoder.encode(bgr, Math.round(i * H264Encoder.TIME_BASE_HZ / FPS), forced.test(i)));
            }
        } finally {
            source.close();
        }
        return out;
    }

    /** Detail that moves (a camera panning over gravel): the encoder must spend bits on every frame. */
    private static void paintPanningTexture(Mat bgr, Mat texture, int frame) {
        int width = bgr.cols() / 2;
        int height = bgr.rows() / 2;
        try (Mat from = texture.apply(new Rect(frame * 2 % width, 0, width, height));
             Mat to = bgr.apply(new Rect(0, 0, width, height))) {
            from.copyTo(to);
        }
    }

    private Path write(List<H264Encoder.EncodedPicture> pictures) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (H264Encoder.EncodedPicture picture : pictures) {
            bytes.write(picture.accessUnit());
        }
        return Files.write(Files.createTempFile(dir, "encoded", ".h264"), bytes.toByteArray());
    }

    private static List<Integer> keyframeIndexes(Ffprobe.Probe probe) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < probe.frames().size(); i++) {
            if (probe.frames().get(i).keyframe()) {
                indexes.add(i);
            }
        }
        return indexes;
    }
}
