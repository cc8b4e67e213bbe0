package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.frame.Frame;
import dev.edgecam.media.Fmp4Fragmenter;
import dev.edgecam.media.Fmp4Timeline;
import dev.edgecam.testing.H264Units;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bench's reading of the server's own fragments, in memory: sequence, capture time, keyframe, nothing else. */
@Timeout(10)
class Fmp4FragmentReaderTest {

    /** A capture time in 2026, in µs since the epoch, a whole number of 90 kHz ticks. */
    private static final long CAPTURE_MICROS = 1_796_000_000_000_000L;

    @Test
    void aFragmentGivesItsFramesSequenceCaptureTimeAndKeyframeFlag() throws Exception {
        Frame key = Frame.h264(41, 0, CAPTURE_MICROS, 1280, 720, true, H264Units.keyframe(100));
        Frame next = Frame.h264(42, 0, CAPTURE_MICROS + 33_300, 1280, 720, false, H264Units.predicted(50));

        // Decode times that are not the capture times (the timeline runs on without gaps): the prft box says when.
        Fmp4Timeline timeline = new Fmp4Timeline();

        assertThat(Fmp4FragmentReader.read(buffer(Fmp4Fragmenter.fragment(key, timeline.place(key, 3000)))))
                .isEqualTo(new Fmp4FragmentReader.Fragment(41, CAPTURE_MICROS, true));
        Fmp4FragmentReader.Fragment second = Fmp4FragmentReader.read(buffer(Fmp4Fragmenter.fragment(next,
                new Fmp4Timeline.Placement(7_000, 3000))));
        assertThat(second.sequence()).isEqualTo(42);
        assertThat(second.keyframe()).isFalse();
        assertThat(second.captureEpochMicros()).as("to the microsecond").isBetween(CAPTURE_MICROS + 33_299,
                CAPTURE_MICROS + 33_301);
    }

    @Test
    void theInitSegmentIsNoFrameAndOtherBytesAreRefused() throws Exception {
        byte[] ftyp = {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
        assertThat(Fmp4FragmentReader.read(buffer(ftyp))).isNull();

        assertThatThrownBy(() -> Fmp4FragmentReader.read(buffer(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(BenchProtocolException.class).hasMessageContaining("where an fmp4 fragment (prft, moof)");
        byte[] fragment = Fmp4Fragmenter.fragment(Frame.h264(1, 0, CAPTURE_MICROS, 16, 16, true, H264Units.keyframe(8)),
                new Fmp4Timeline.Placement(0, 3000));
        byte[] cut = Arrays.copyOf(fragment, 40); // the prft whole, the moof cut after its header
        assertThatThrownBy(() -> Fmp4FragmentReader.read(buffer(cut)))
                .isInstanceOf(BenchProtocolException.class).hasMessageContaining("runs past its parent");
    }

    private static ByteBuf buffer(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}
