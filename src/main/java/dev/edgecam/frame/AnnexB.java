package dev.edgecam.frame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place that reads an H.264 access unit in Annex B form: splits it into NAL units, reads their types, finds
 * its SPS and PPS and checks that a keyframe carries them. The RTP packetizer, the RTSP SDP, the fMP4 fragmenter and
 * the H.264 WebSocket all split with {@link #split}.
 *
 * <pre>
 *   00 00 00 01 | 67 SPS... | 00 00 01 | 68 PPS... | 00 00 01 | 65 IDR slice ........
 *   start code    NAL header: forbidden bit, 2 bits ref idc, 5 bits type (7 SPS, 8 PPS, 5 IDR, 1 non-IDR, 9 AUD)
 * </pre>
 *
 * <p>A start code is {@code 00 00 01}; the zero in front of a 4-byte start code ("zero_byte", or trailing_zero_8bits)
 * belongs to the start code, not to the NAL unit before it, since a NAL unit never ends with a zero byte (ITU-T H.264
 * 7.4.1). Emulation prevention guarantees that {@code 00 00 01} never occurs inside a NAL unit, so splitting at it
 * is safe without reading the payload. The checks before the first slice ({@link #check}, {@link #parameterSets})
 * never scan a slice's data, so their cost is the size of the parameter sets, not of the picture.
 */
public final class AnnexB {

    public static final int NAL_NON_IDR_SLICE = 1;
    public static final int NAL_IDR_SLICE = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;

    private static final byte[] FOUR_BYTE_START_CODE = {0, 0, 0, 1};

    /** One NAL unit inside an array: {@code bytes[offset, offset + length)}, its header byte first, no start code. */
    public record Nal(byte[] bytes, int offset, int length) {

        /** The NAL unit type, the header's low 5 bits. */
        public int type() {
            return AnnexB.type(bytes[offset]);
        }

        /** True for a slice of a picture (types 1 to 5): the parameter sets of a keyframe come before it. */
        public boolean isSlice() {
            int type = type();
            return type >= NAL_NON_IDR_SLICE && type <= NAL_IDR_SLICE;
        }

        /** The NAL unit's bytes in an array of their own. */
        public byte[] copy() {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }
    }

    private AnnexB() {
    }

    /** The NAL unit type of a NAL header byte (its low 5 bits). */
    public static int type(byte nalHeader) {
        return nalHeader & 0x1f;
    }

    /** The NAL units of {@code accessUnit}, in order, start codes stripped; bytes before the first start code are ignored. */
    public static List<Nal> split(byte[] accessUnit) {
        return split(accessUnit, false);
    }

    /** The NAL units before the first slice of {@code accessUnit} (delimiter, SEI, parameter sets); reads no slice. */
    public static List<Nal> beforeFirstSlice(byte[] accessUnit) {
        return split(accessUnit, true);
    }

    /** The first NAL unit of {@code type} in {@code accessUnit}, copied, or null when it has none. */
    public static byte[] first(byte[] accessUnit, int type) {
        for (Nal nal : split(accessUnit)) {
            if (nal.type() == type) {
                return nal.copy();
            }
        }
        return null;
    }

    private static List<Nal> split(byte[] accessUnit, boolean stopAtFirstSlice) {
        List<Nal> nals = new ArrayList<>();
        int start = afterNextStartCode(accessUnit, 0);
        while (start >= 0 && start < accessUnit.length) {
            int type = type(accessUnit[start]);
            if (stopAtFirstSlice && type >= NAL_NON_IDR_SLICE && type <= NAL_IDR_SLICE) {
                break;
            }
            int next = afterNextStartCode(accessUnit, start);
            int end = next < 0 ? accessUnit.length : withoutTrailingZeros(accessUnit, start, next - 3);
            if (end > start) {
                nals.add(new Nal(accessUnit, start, end - start));
            }
            start = next;
        }
        return nals;
    }

    /** The index just after the first {@code 00 00 01} at or after {@code from}, or -1 when there is none. */
    private static int afterNextStartCode(byte[] bytes, int from) {
        for (int i = from; i + 3 <= bytes.length; i++) {
            if (bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** The end of a NAL unit that runs up to {@code end}, without the zero bytes of a longer start code after it. */
    private static int withoutTrailingZeros(byte[] bytes, int start, int end) {
        while (end > start && bytes[end - 1] == 0) {
            end--;
        }
        return end;
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
        List<Nal> beforeSlice = beforeFirstSlice(accessUnit);
        boolean sps = has(beforeSlice, NAL_SPS);
        boolean pps = has(beforeSlice, NAL_PPS);
        if (!sps || !pps) {
            throw new IllegalArgumentException("H.264 keyframe #" + sequence + " has no " + (sps ? "PPS" : pps ? "SPS" : "SPS and PPS")
                    + " before its first slice: a client joining at this keyframe could not decode it; repeat the"
                    + " parameter sets in front of every keyframe (x264 repeat-headers, FFmpeg's dump_extra filter)");
        }
    }

    /**
     * The SPS and PPS NAL units that come before the first slice of {@code accessUnit}, in their order, each behind a
     * 4-byte start code; an empty array when there are none. For an encoder or camera that does not repeat them: keep
     * the last ones seen and put them back in front of a keyframe that lacks them.
     */
    public static byte[] parameterSets(byte[] accessUnit) {
        ByteArrayOutputStream sets = new ByteArrayOutputStream();
        for (Nal nal : beforeFirstSlice(accessUnit)) {
            if (nal.type() == NAL_SPS || nal.type() == NAL_PPS) {
                sets.writeBytes(FOUR_BYTE_START_CODE);
                sets.write(nal.bytes(), nal.offset(), nal.length());
            }
        }
        return sets.toByteArray();
    }

    /** True when {@code parameterSets} (from {@link #parameterSets}) holds an SPS and a PPS. */
    public static boolean hasSpsAndPps(byte[] parameterSets) {
        List<Nal> nals = split(parameterSets);
        return has(nals, NAL_SPS) && has(nals, NAL_PPS);
    }

    private static boolean has(List<Nal> nals, int type) {
        return nals.stream().anyMatch(nal -> nal.type() == type);
    }
}
