package dev.edgecam.media;

import dev.edgecam.frame.AnnexB;
import java.util.Arrays;
import java.util.List;

/**
 * The SPS and PPS of an H.264 keyframe in Annex B form, and what a player needs from them before the first frame:
 * the picture size, the RFC 6381 codec string ({@code avc1.42C01F}: profile, constraint flags, level, as Media
 * Source Extensions and WebCodecs want it) and the {@code avcC} record (ISO/IEC 14496-15) an MP4 sample entry holds.
 *
 * <p>Only the SPS fields up to the frame cropping are read (exp-Golomb, after removing emulation prevention bytes);
 * the VUI is not needed for the size.
 *
 * @param sps the sequence parameter set NAL unit, header byte included, without start code
 * @param pps the picture parameter set NAL unit, the same way
 * @param width picture width in pixels after cropping
 * @param height picture height in pixels after cropping
 */
public record H264ParameterSets(byte[] sps, byte[] pps, int width, int height) {

    /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (High and up). */
    private static final List<Integer> HIGH_PROFILES = List.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    /**
     * The parameter sets in front of a keyframe's first slice.
     *
     * @throws IllegalArgumentException when {@code accessUnit} lacks the SPS or PPS, or its SPS cannot be read
     */
    public static H264ParameterSets of(byte[] accessUnit) {
        byte[] sps = AnnexB.first(accessUnit, AnnexB.NAL_SPS);
        byte[] pps = AnnexB.first(accessUnit, AnnexB.NAL_PPS);
        if (sps == null || pps == null) {
            throw new IllegalArgumentException("an H.264 keyframe without " + (sps == null ? "SPS" : "PPS")
                    + ": the player needs both to start; the encoder must repeat them before every keyframe");
        }
        int[] size = pictureSize(sps);
        return new H264ParameterSets(sps, pps, size[0], size[1]);
    }

    /** The SPS and PPS each behind a 4-byte start code: the extradata FFmpeg's muxers take for Annex B packets. */
    public byte[] annexB() {
        byte[] joined = new byte[8 + sps.length + pps.length];
        joined[3] = 1;
        System.arraycopy(sps, 0, joined, 4, sps.length);
        joined[4 + sps.length + 3] = 1;
        System.arraycopy(pps, 0, joined, 8 + sps.length, pps.length);
        return joined;
    }

    /** RFC 6381's codec string, such as {@code avc1.42C01F} (constrained baseline, level 3.1). */
    public String codec() {
        return String.format("avc1.%02X%02X%02X", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff);
    }

    /** The {@code avcC} box's payload: 4-byte NAL lengths, this one SPS and PPS. */
    public byte[] avcConfiguration() {
        byte[] record = new byte[11 + sps.length + pps.length];
        record[0] = 1; // configurationVersion
        record[1] = sps[1]; // AVCProfileIndication
        record[2] = sps[2]; // profile_compatibility
        record[3] = sps[3]; // AVCLevelIndication
        record[4] = (byte) 0xff; // 6 reserved bits, lengthSizeMinusOne = 3
        record[5] = (byte) 0xe1; // 3 reserved bits, one SPS
        record[6] = (byte) (sps.length >> 8);
        record[7] = (byte) sps.length;
        System.arraycopy(sps, 0, record, 8, sps.length);
        int at = 8 + sps.length;
        record[at] = 1; // one PPS
        record[at + 1] = (byte) (pps.length >> 8);
        record[at + 2] = (byte) pps.length;
        System.arraycopy(pps, 0, record, at + 3, pps.length);
        return record;
    }

    /** True when {@code other} describes the same stream (a player configured for one decodes the other). */
    public boolean sameAs(H264ParameterSets other) {
        return other != null && Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }

    /** The NAL units of an Annex B access unit, each copied without its start code, in order ({@link AnnexB#split}). */
    public static List<byte[]> nalUnits(byte[] accessUnit) {
        return AnnexB.split(accessUnit).stream().map(AnnexB.Nal::copy).toList();
    }

    /** Width and height from an SPS (ITU-T H.264 7.3.2.1.1), cropping applied. */
    private static int[] pictureSize(byte[] sps) {
        try {
            BitReader in = new BitReader(sps, 1);
            int profile = in.bits(8);
            in.bits(16); // constraint flags, level
            in.ue(); // seq_parameter_set_id
            int chromaFormat = 1;
            boolean separatePlanes = false;
            if (HIGH_PROFILES.contains(profile)) {
                chromaFormat = in.ue();
                if (chromaFormat == 3) {
                    separatePlanes = in.bit();
                }
                in.ue(); // bit_depth_luma_minus8
                in.ue(); // bit_depth_chroma_minus8
                in.bit(); // qpprime_y_zero_transform_bypass_flag
                if (in.bit()) { // seq_scaling_matrix_present_flag
                    for (int list = 0; list < (chromaFormat != 3 ? 8 : 12); list++) {
                        if (in.bit()) {
                            skipScalingList(in, list < 6 ? 16 : 64);
                        }
                    }
                }
            }
            in.ue(); // log2_max_frame_num_minus4
            int pocType = in.ue();
            if (pocType == 0) {
                in.ue(); // log2_max_pic_order_cnt_lsb_minus4
            } else if (pocType == 1) {
                in.bit(); // delta_pic_order_always_zero_flag
                in.se();
                in.se();
                int cycle = in.ue();
                for (int i = 0; i < cycle; i++) {
                    in.se();
                }
            }
            in.ue(); // max_num_ref_frames
            in.bit(); // gaps_in_frame_num_value_allowed_flag
            int widthMbs = in.ue() + 1;
            int heightMapUnits = in.ue() + 1;
            boolean frameMbsOnly = in.bit();
            if (!frameMbsOnly) {
                in.bit(); // mb_adaptive_frame_field_flag
            }
            in.bit(); // direct_8x8_inference_flag
            int width = widthMbs * 16;
            int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
            if (in.bit()) { // frame_cropping_flag
                int chroma = separatePlanes ? 0 : chromaFormat;
                int cropX = chroma == 1 || chroma == 2 ? 2 : 1;
                int cropY = (chroma == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
                width -= cropX * (in.ue() + in.ue());
                height -= cropY * (in.ue() + in.ue());
            }
            return new int[] {width, height};
        } catch (ArrayIndexOutOfBoundsException truncated) {
            throw new IllegalArgumentException("the H.264 SPS (" + sps.length + " bytes) ends before its picture size:"
                    + " the encoder's parameter sets are damaged", truncated);
        }
    }

    private static void skipScalingList(BitReader in, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + in.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** Reads bits of a NAL unit's payload, skipping emulation prevention bytes (the 03 of 00 00 03). */
    private static final class BitReader {
        private final byte[] bytes;
        private int index;
        private int bit;
        private int zeros;

        BitReader(byte[] bytes, int from) {
            this.bytes = bytes;
            this.index = from;
        }

        boolean bit() {
            if (bit == 0 && zeros >= 2 && bytes[index] == 3) {
                index++;
                zeros = 0;
            }
            int value = (bytes[index] >> (7 - bit)) & 1;
            if (++bit == 8) {
                zeros = bytes[index] == 0 ? zeros + 1 : 0;
                bit = 0;
                index++;
            }
            return value == 1;
        }

        int bits(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 1) | (bit() ? 1 : 0);
            }
            return value;
        }

        int ue() {
            int leadingZeros = 0;
            while (!bit()) {
                if (++leadingZeros > 31) {
                    throw new IllegalArgumentException("an exp-Golomb code longer than 32 bits in the H.264 SPS");
                }
            }
            return (int) ((1L << leadingZeros) - 1 + bits(leadingZeros));
        }

        int se() {
            int code = ue();
            return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
        }
    }
}
