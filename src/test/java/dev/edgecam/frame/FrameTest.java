package dev.edgecam.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.testing.H264Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a frame accepts and refuses: its codec, keyframe flag and bytes. */
@Timeout(10)
class FrameTest {

    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9};

    @Test
    void theOldConstructorAndTheFactoryBothMakeAJpegKeyframe() {
        Frame old = new Frame(3, 10, 20, 4, 2, JPEG);
        Frame made = Frame.jpeg(3, 10, 20, 4, 2, JPEG);

        for (Frame frame : new Frame[] {old, made}) {
            assertThat(frame.codec()).isEqualTo(Codec.JPEG);
            assertThat(frame.keyframe()).isTrue();
            assertThat(frame.bytes()).isSameAs(JPEG);
            assertThat(frame.jpeg()).isSameAs(JPEG);
            assertThat(frame.size()).isEqualTo(4);
            assertThat(frame).hasToString("Frame[#3 4x2 4 bytes]");
        }
    }

    @Test
    void anH264FrameCarriesItsAccessUnitAndKeyframeFlag() {
        byte[] unit = H264Units.keyframe(10);
        Frame key = Frame.h264(5, 1, 2, 1280, 720, true, unit);
        Frame predicted = Frame.h264(6, 1, 2, 1280, 720, false, H264Units.predicted(10));

        assertThat(key.codec()).isEqualTo(Codec.H264);
        assertThat(key.keyframe()).isTrue();
        assertThat(key.bytes()).isSameAs(unit);
        assertThat(predicted.keyframe()).isFalse();
        assertThat(predicted).hasToString("Frame[#6 H.264 1280x720 15 bytes]");
        assertThat(key).hasToString("Frame[#5 H.264 keyframe 1280x720 " + unit.length + " bytes]");
    }

    @Test
    void aThreeByteStartCodeAndLeadingNalUnitsAreAccepted() {
        byte[] unit = H264Units.concat(new byte[] {0, 0, 1, 0x09, (byte) 0xf0}, // access unit delimiter
                H264Units.nal(0x67, 3), new byte[] {0, 0, 1, 0x68, 1}, H264Units.nal(0x65, 4));

        assertThat(Frame.h264(1, 0, 0, 16, 16, true, unit).keyframe()).isTrue();
    }

    @Test
    void anH264FrameIsNotJpeg() {
        Frame frame = Frame.h264(9, 0, 0, 16, 16, false, H264Units.predicted(4));

        assertThatThrownBy(frame::jpeg).isInstanceOf(IllegalStateException.class)
                .hasMessage("frame #9 is H.264, not JPEG: only a JPEG hub's frames can be served as JPEG");
    }

    @Test
    void lengthPrefixedPacketsAreRefusedWithTheFilterThatConvertsThem() {
        byte[] avcc = {0, 0, 0, 5, 0x65, 1, 2, 3, 4};

        assertThatThrownBy(() -> Frame.h264(4, 0, 0, 16, 16, false, avcc))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("H.264 frame #4 does not start with an Annex B start code")
                .hasMessageContaining("h264_mp4toannexb");
    }

    @Test
    void aKeyframeWithoutParameterSetsIsRefusedNamingWhatIsMissing() {
        byte[] idrOnly = H264Units.nal(0x65, 8);
        byte[] spsOnly = H264Units.concat(H264Units.nal(0x67, 3), H264Units.nal(0x65, 8));
        byte[] ppsAfterSlice = H264Units.concat(H264Units.nal(0x67, 3), H264Units.nal(0x65, 8), H264Units.nal(0x68, 2));

        assertThatThrownBy(() -> Frame.h264(7, 0, 0, 16, 16, true, idrOnly))
                .hasMessageStartingWith("H.264 keyframe #7 has no SPS and PPS before its first slice");
        assertThatThrownBy(() -> Frame.h264(7, 0, 0, 16, 16, true, spsOnly))
                .hasMessageStartingWith("H.264 keyframe #7 has no PPS before its first slice");
        assertThatThrownBy(() -> Frame.h264(7, 0, 0, 16, 16, true, ppsAfterSlice))
                .hasMessageStartingWith("H.264 keyframe #7 has no PPS before its first slice");
    }

    @Test
    void aJpegIsAlwaysAKeyframeAndEveryFrameNeedsBytesAndACodec() {
        assertThatThrownBy(() -> new Frame(2, 0, 0, 4, 2, Codec.JPEG, false, JPEG))
                .hasMessage("JPEG frame #2 must be a keyframe: JPEG frames do not depend on each other");
        assertThatThrownBy(() -> Frame.jpeg(2, 0, 0, 4, 2, new byte[0])).hasMessage("a frame needs JPEG bytes");
        assertThatThrownBy(() -> Frame.h264(2, 0, 0, 4, 2, true, null)).hasMessage("a frame needs H.264 bytes");
        assertThatThrownBy(() -> new Frame(2, 0, 0, 4, 2, null, true, JPEG)).hasMessage("frame #2 needs a codec");
    }
}
