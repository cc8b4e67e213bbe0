package dev.edgecam.frame;

/**
 * Reads just enough of an H.264 access unit in Annex B form to check it: the NAL unit types up to the first
 * slice. Never scans a slice's data, so the cost is the size of the parameter sets, not of the picture.
 *
 * <pre>
 *   00 00 00 01 | 67 SPS... | 00 00 01 | 68 PPS... | 00 00 01 | 65 IDR slice ........
 *   start code    NAL header: forbidden bit, 2 bits ref idc, 5 bits type (7 SPS, 8 PPS, 5 IDR, 1 non-IDR)
 * </pre>
 */
public final class AnnexB {

    public static final int NAL_NON_IDR_SLICE = 1;
    public static final int NAL_IDR_SLICE = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;

    private AnnexB() {
    }

    /** Length of the start code at {@code offset} (3 or 4), or 0 when there is none. */
    static int startCodeAt(byte[] bytes, int offset) {
        if (offset + 3 <= bytes.length && bytes[offset] == 0 && bytes[offset + 1] == 0) {
            if (bytes[offset + 2] == 1) {
                return 3;
            }
            if (offset + 4 <= bytes.length && bytes[offset + 2] == 0 && bytes[offset + 3] == 1) {
                return 4;
            }
        }
        return 0;
    }

    /**
     * Checks that {@code accessUnit} is Annex B and, for a keyframe, that SPS and PPS come before its first slice.
     *
     * @throws IllegalArgumentException naming what is missing and what the source must do
     */
    public static void check(byte[] accessUnit, boolean keyframe, long sequence) {
        if (startCodeAt(accessUnit, 0) == 0) {
            throw new IllegalArgumentException("H.264 frame #" + sequence + " does not start with an Annex B start code"
                    + " (00 00 01 or 00 00 00 01): the source must hand over Annex B access units, not avcC"
                    + " (length-prefixed) packets; convert them with FFmpeg's h264_mp4toannexb bitstream filter");
        }
        if (!keyframe) {
            return;
        }
        boolean sps = false;
        boolean pps = false;
        int offset = 0;
        while (offset < accessUnit.length) {
            int header = offset + startCodeAt(accessUnit, offset);
            if (header >= accessUnit.length) {
                break;
            }
            int type = accessUnit[header] & 0x1f;
            if (type >= NAL_NON_IDR_SLICE && type <= NAL_IDR_SLICE) {
                break; // the first slice: parameter sets come before it or not at all
            }
            sps |= type == NAL_SPS;
            pps |= type == NAL_PPS;
            offset = nextStartCode(accessUnit, header + 1);
        }
        if (!sps || !pps) {
            throw new IllegalArgumentException("H.264 keyframe #" + sequence + " has no " + (sps ? "PPS" : pps ? "SPS" : "SPS and PPS")
                    + " before its first slice: a client joining at this keyframe could not decode it; repeat the"
                    + " parameter sets in front of every keyframe (x264 repeat-headers, FFmpeg's dump_extra filter)");
        }
    }

    /**
     * The SPS and PPS NAL units (each with its start code) that come before the first slice of {@code accessUnit},
     * in their order; an empty array when there are none. For an encoder or camera that does not repeat them: keep
     * the last ones seen and put them back in front of a keyframe that lacks them.
     */
    public static byte[] parameterSets(byte[] accessUnit) {
        java.io.ByteArrayOutputStream sets = new java.io.ByteArrayOutputStream();
        int offset = 0;
        while (offset < accessUnit.length) {
            int startCode = startCodeAt(accessUnit, offset);
            int header = offset + startCode;
            if (startCode == 0 || header >= accessUnit.length) {
                break;
            }
            int type = accessUnit[header] & 0x1f;
            if (type >= NAL_NON_IDR_SLICE && type <= NAL_IDR_SLICE) {
                break;
            }
            int end = nextStartCode(accessUnit, header + 1);
            if (type == NAL_SPS || type == NAL_PPS) {
                sets.write(accessUnit, offset, end - offset);
            }
            offset = end;
        }
        return sets.toByteArray();
    }

    /** True when {@code parameterSets} (from {@link #parameterSets}) holds an SPS and a PPS. */
    public static boolean hasSpsAndPps(byte[] parameterSets) {
        boolean sps = false;
        boolean pps = false;
        for (int offset = 0; offset < parameterSets.length; offset = nextStartCode(parameterSets, offset + 1)) {
            int header = offset + startCodeAt(parameterSets, offset);
            if (header < parameterSets.length) {
                sps |= (parameterSets[header] & 0x1f) == NAL_SPS;
                pps |= (parameterSets[header] & 0x1f) == NAL_PPS;
            }
        }
        return sps && pps;
    }

    private static int nextStartCode(byte[] bytes, int from) {
        for (int i = from; i + 3 <= bytes.length; i++) {
            if (startCodeAt(bytes, i) != 0) {
                return i;
            }
        }
        return bytes.length;
    }
}
