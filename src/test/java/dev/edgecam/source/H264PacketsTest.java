package dev.edgecam.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.AnnexB;
import dev.edgecam.testing.H264Units;
import org.junit.jupiter.api.Test;

/** Packets in avcC and Annex B form become Annex B access units with SPS/PPS before each keyframe. */
class H264PacketsTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x40};
    private static final byte[] SLICE = {0x41, (byte) 0x9a, 0x02};

    @Test
    void avcCPacketsGetStartCodesAndTheExtradatasParameterSetsBeforeKeyframes() {
        byte[] avcC = H264Units.concat(new byte[] {1, 0x42, (byte) 0xc0, 0x1e, (byte) 0xff, (byte) 0xe1, 0, 4}, SPS,
                new byte[] {1, 0, 4}, PPS);
        H264Packets packets = new H264Packets(avcC);

        byte[] keyframe = packets.accessUnit(H264Units.concat(new byte[] {0, 0, 0, 3}, IDR), true);
        byte[] next = packets.accessUnit(H264Units.concat(new byte[] {0, 0, 0, 3}, SLICE), false);

        assertThat(keyframe).isEqualTo(H264Units.concat(start(), SPS, start(), PPS, start(), IDR));
        assertThat(next).isEqualTo(H264Units.concat(start(), SLICE));
    }

    @Test
    void annexBPacketsWithoutParameterSetsGetThoseOfTheExtradataOrOfAnEarlierKeyframe() {
        H264Packets packets = new H264Packets(H264Units.concat(start(), SPS, start(), PPS));

        byte[] keyframe = packets.accessUnit(H264Units.concat(start(), IDR), true);

        assertThat(AnnexB.hasSpsAndPps(AnnexB.parameterSets(keyframe))).isTrue();
        byte[] own = H264Units.concat(start(), SPS, start(), PPS, start(), IDR);
        assertThat(packets.accessUnit(own, true)).as("a keyframe with its own is left as it is").isSameAs(own);
    }

    private static byte[] start() {
        return new byte[] {0, 0, 0, 1};
    }
}
