package dev.edgecam.wire.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an H.264 access unit in Annex B form into its NAL units (start codes stripped).
 *
 * <pre>
 *   00 00 00 01 | 09 AUD | 00 00 01 | 67 SPS... | 00 00 01 | 68 PPS... | 00 00 01 | 65 IDR slice ........
 * </pre>
 * A zero byte before a start code ("trailing_zero_8bits") belongs to the start code, not to the NAL unit before it.
 */
public final class NalUnits {

    public static final int TYPE_IDR = 5;
    public static final int TYPE_SPS = 7;
    public static final int TYPE_PPS = 8;
    public static final int TYPE_AUD = 9;

    /** One NAL unit inside an array: {@code bytes[offset, offset + length)}, its header byte first. */
    public record Nal(byte[] bytes, int offset, int length) {

        /** The NAL unit type, the header's low 5 bits. */
        public int type() {
            return bytes[offset] & 0x1f;
        }

        public byte[] copy() {
            return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        }
    }

    private NalUnits() {
    }

    /** The NAL units of {@code accessUnit}, in order; bytes before the first start code are ignored. */
    public static List<Nal> split(byte[] accessUnit) {
        List<Nal> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        int n = accessUnit.length;
        while (i + 2 < n) {
            if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1) {
                if (start >= 0) {
                    add(nals, accessUnit, start, trimZeros(accessUnit, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            add(nals, accessUnit, start, n);
        }
        return nals;
    }

    private static int trimZeros(byte[] bytes, int start, int end) {
        while (end > start && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void add(List<Nal> nals, byte[] bytes, int start, int end) {
        if (end > start) {
            nals.add(new Nal(bytes, start, end - start));
        }
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
}
