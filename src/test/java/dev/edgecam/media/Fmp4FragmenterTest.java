package dev.edgecam.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264TestStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fMP4 muxer checked by FFmpeg, a reader nobody here wrote: an init segment and one fragment per frame of a real
 * libx264 stream, concatenated into a file, decode without a single error, every frame, at their places on the
 * timeline; each fragment's prft box gives its capture time. The stream is {@link H264TestStream}'s: libx264 from
 * Debian's ffmpeg, 1280x720, 30 fps.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Fmp4FragmenterTest {

    private static final long START_MICROS = 1_796_000_000_000_000L; // 2026-11: a real epoch time, as on the wire

    @TempDir
    Path dir;

    @Test
    void theParameterSetsGiveSizeCodecAndAvcConfiguration() throws Exception {
        H264ParameterSets params = H264ParameterSets.of(H264TestStream.accessUnits().get(0));

        assertThat(params.width()).isEqualTo(1280);
        assertThat(params.height()).isEqualTo(720); // 1280x736 coded, cropped by the SPS
        assertThat(params.codec()).isEqualTo("avc1.42C01F"); // constrained baseline, level 3.1
        byte[] avcC = params.avcConfiguration();
        assertThat(avcC[0]).isEqualTo((byte) 1);
        assertThat(avcC[4] & 0xff).as("4-byte NAL lengths").isEqualTo(0xff);
        assertThat(params.sameAs(H264ParameterSets.of(H264TestStream.accessUnits().get(30)))).isTrue();
    }

    @Test
    void aFragmentIsPrftMoofThenMdatWithTheSampleLengthPrefixedAndNoParameterSets() throws Exception {
        byte[] keyframe = H264TestStream.accessUnits().get(0);
        long captured = START_MICROS + 250_000; // a quarter second past a whole one
        Frame frame = Frame.h264(7, 0, captured, 1280, 720, true, keyframe);

        byte[] fragment = Fmp4Fragmenter.fragment(frame, new Fmp4Timeline.Placement(123_456_789L, 2999));

        assertThat(type(fragment, 0)).isEqualTo("prft");
        assertThat(u32(fragment, 0)).isEqualTo(Fmp4Fragmenter.PRFT_BYTES);
        assertThat(fragment[8]).as("prft version 1: 64-bit media time").isEqualTo((byte) 1);
        long ntp = u64(fragment, 16);
        assertThat((ntp >>> 32) - 2_208_988_800L).as("NTP seconds, from 1900").isEqualTo(captured / 1_000_000);
        assertThat((ntp & 0xffffffffL) / 4294967296.0).as("fraction of a second").isCloseTo(0.25,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(u64(fragment, 24)).as("the media time it belongs to").isEqualTo(123_456_789L);
        int moofAt = Fmp4Fragmenter.PRFT_BYTES;
        assertThat(type(fragment, moofAt)).isEqualTo("moof");
        int mdatAt = moofAt + u32(fragment, moofAt);
        assertThat(type(fragment, mdatAt)).isEqualTo("mdat");
        assertThat(u32(fragment, mdatAt)).isEqualTo(fragment.length - mdatAt);
        byte[] sample = Fmp4Fragmenter.lengthPrefixed(keyframe);
        assertThat(fragment.length - mdatAt - 8).isEqualTo(sample.length);
        for (int at = 0; at < sample.length; at += 4 + u32(sample, at)) {
            assertThat(sample[at + 4] & 0x1f).as("NAL type at %d", at).isNotIn(7, 8, 9);
        }
    }

    @Test
    void aFrameShownAfterItIsDecodedCarriesItsCompositionOffsetInTrun() throws Exception {
        byte[] unit = H264TestStream.accessUnits().get(1);
        Frame plain = Frame.h264(8, 0, START_MICROS, 1280, 720, false, unit);
        Frame delayed = Frame.h264(8, 0, START_MICROS, 1280, 720, false, unit, 80_000);
        Fmp4Timeline.Placement place = new Fmp4Timeline.Placement(1000, 3000);

        int plainTrun = indexOf(Fmp4Fragmenter.fragment(plain, place), "trun");
        byte[] fragment = Fmp4Fragmenter.fragment(delayed, place);
        int trun = indexOf(fragment, "trun");
        assertThat(u32(Fmp4Fragmenter.fragment(plain, place), plainTrun + 4) & Fmp4Fragmenter.TRUN_COMPOSITION_OFFSET)
                .as("no offset without B-frames").isZero();
        assertThat(fragment[trun + 4]).as("trun version 0: offsets are never negative").isZero();
        assertThat(u32(fragment, trun + 4) & Fmp4Fragmenter.TRUN_COMPOSITION_OFFSET).isNotZero();
        // trun: type, version/flags, sample count, data offset, then duration, size, flags, composition offset
        assertThat(u32(fragment, trun + 28)).as("80 ms at 90 kHz").isEqualTo(7200);
    }

    /** Where box {@code type}'s type field is (its size is the 4 bytes before). */
    private static int indexOf(byte[] bytes, String type) {
        for (int at = 4; at + 4 <= bytes.length; at++) {
            if (new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(type)) {
                return at;
            }
        }
        return -1;
    }

    @Test
    void ffmpegDecodesInitAndFragmentsWithoutErrorsAtTheirPlaces() throws Exception {
        List<byte[]> units = H264TestStream.accessUnits();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(Fmp4Fragmenter.initSegment(H264ParameterSets.of(units.get(0))));
        Fmp4Timeline timeline = new Fmp4Timeline();
        for (int i = 0; i < units.size(); i++) {
            byte[] unit = units.get(i);
            long late = i == 40 ? 400_000 : 0; // one frame 400 ms late: the timeline goes on without a jump
            Frame frame = Frame.h264(i + 1, 0, START_MICROS + i * 33_333L + late, 1280, 720,
                    H264TestStream.isKeyframe(unit), unit);
            file.writeBytes(Fmp4Fragmenter.fragment(frame, timeline.place(frame, 3000)));
        }
        Path mp4 = Files.write(dir.resolve("live.mp4"), file.toByteArray());

        String decodeErrors = run("/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-i", mp4.toString(), "-f", "null", "-");
        assertThat(decodeErrors).as("ffmpeg's errors decoding the fragments").isEmpty();
        String probe = run("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-count_frames", "-show_entries",
                "stream=codec_name,profile,width,height,nb_read_frames", "-of", "default=nw=1", mp4.toString());
        assertThat(probe).contains("codec_name=h264", "width=1280", "height=720",
                "nb_read_frames=" + units.size());
        String times = run("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-read_intervals", "%+#2",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0", mp4.toString());
        List<String> first = new ArrayList<>(times.lines().toList());
        assertThat(Double.parseDouble(first.get(0))).as("media time starts at the first capture time, in seconds")
                .isCloseTo(START_MICROS / 1e6, org.assertj.core.data.Offset.offset(0.001));
        assertThat(Double.parseDouble(first.get(1)) - Double.parseDouble(first.get(0))).as("one frame later")
                .isCloseTo(1 / 30.0, org.assertj.core.data.Offset.offset(0.001));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(output, StandardCharsets.UTF_8).trim();
    }

    private static int u32(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    private static long u64(byte[] bytes, int at) {
        return (long) u32(bytes, at) << 32 | u32(bytes, at + 4) & 0xffffffffL;
    }

    private static String type(byte[] bytes, int at) {
        return new String(bytes, at + 4, 4, StandardCharsets.US_ASCII);
    }
}
