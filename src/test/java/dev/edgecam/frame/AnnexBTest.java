package dev.edgecam.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Splitting an Annex B access unit: exact bytes in, exact NAL units out. */
@Timeout(10)
class AnnexBTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    /** An IDR slice whose payload holds an emulation-prevented 00 00 03 01: not a start code. */
    private static final byte[] IDR = {0x65, (byte) 0x88, 0, 0, 3, 1, 0x10};

    @Test
    void startCodesOfThreeAndFourBytesAreStrippedAndTheZeroOfAFourByteOneIsNotPartOfTheUnitBefore() {
        byte[] accessUnit = bytes(new byte[] {0, 0, 0, 1, 0x09, (byte) 0xf0}, new byte[] {0, 0, 1}, SPS,
                new byte[] {0, 0, 0, 1}, PPS, new byte[] {0, 0, 1}, IDR);

        List<AnnexB.Nal> nals = AnnexB.split(accessUnit);

        assertThat(nals).extracting(AnnexB.Nal::type)
                .containsExactly(AnnexB.NAL_AUD, AnnexB.NAL_SPS, AnnexB.NAL_PPS, AnnexB.NAL_IDR_SLICE);
        assertThat(nals.get(1).copy()).isEqualTo(SPS);
        assertThat(nals.get(2).copy()).isEqualTo(PPS);
        assertThat(nals.get(3).copy()).as("00 00 03 01 inside a unit is no start code").isEqualTo(IDR);
    }

    @Test
    void bytesBeforeTheFirstStartCodeAndEmptyUnitsAreLeftOut() {
        byte[] accessUnit = bytes(new byte[] {0x55, 0, 0, 1, 0, 0, 1}, SPS, new byte[] {0, 0, 1});

        assertThat(AnnexB.split(accessUnit)).extracting(AnnexB.Nal::copy).containsExactly(SPS);
        assertThat(AnnexB.split(new byte[] {1, 2, 3})).isEmpty();
    }

    @Test
    void theParameterSetsBeforeTheFirstSliceComeOutBehindFourByteStartCodes() {
        byte[] keyframe = bytes(new byte[] {0, 0, 1}, SPS, new byte[] {0, 0, 1}, PPS, new byte[] {0, 0, 1}, IDR,
                new byte[] {0, 0, 1}, new byte[] {0x67, 0x64}); // an SPS after the slice is not read

        byte[] sets = AnnexB.parameterSets(keyframe);

        assertThat(sets).isEqualTo(bytes(new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 0, 1}, PPS));
        assertThat(AnnexB.hasSpsAndPps(sets)).isTrue();
        assertThat(AnnexB.beforeFirstSlice(keyframe)).hasSize(2);
        assertThat(AnnexB.first(keyframe, AnnexB.NAL_PPS)).isEqualTo(PPS);
        assertThat(AnnexB.first(keyframe, AnnexB.NAL_AUD)).isNull();
    }

    private static byte[] bytes(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
