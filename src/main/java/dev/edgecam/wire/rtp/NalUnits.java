package dev.edgecam.wire.rtp;

import dev.edgecam.frame.AnnexB;
import java.util.List;

/**
 * The NAL units of an H.264 access unit in Annex B form (start codes stripped), as RTP code names them. The splitting
 * is {@link AnnexB#split}'s; this class keeps the names RTP callers and tests use.
 */
public final class NalUnits {

    public static final int TYPE_IDR = AnnexB.NAL_IDR_SLICE;
    public static final int TYPE_SPS = AnnexB.NAL_SPS;
    public static final int TYPE_PPS = AnnexB.NAL_PPS;
    public static final int TYPE_AUD = AnnexB.NAL_AUD;

    /** One NAL unit inside an array: {@code bytes[offset, offset + length)}, its header byte first. */
    public record Nal(byte[] bytes, int offset, int length) {

        /** The NAL unit type, the header's low 5 bits. */
        public int type() {
            return AnnexB.type(bytes[offset]);
        }

        public byte[] copy() {
            return new AnnexB.Nal(bytes, offset, length).copy();
        }
    }

    private NalUnits() {
    }

    /** The NAL units of {@code accessUnit}, in order; bytes before the first start code are ignored. */
    public static List<Nal> split(byte[] accessUnit) {
        return AnnexB.split(accessUnit).stream().map(nal -> new Nal(nal.bytes(), nal.offset(), nal.length())).toList();
    }

    /** The first NAL unit of {@code type} in {@code accessUnit}, copied, or null when it has none. */
    public static byte[] first(byte[] accessUnit, int type) {
        return AnnexB.first(accessUnit, type);
    }
}
