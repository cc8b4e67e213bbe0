package dev.edgecam.bench;

import dev.edgecam.media.Fmp4Fragmenter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the bench needs from one fragment of the page's {@code fmp4} H.264 ({@link Fmp4Fragmenter}'s layout):
 * the frame's capture time (the NTP time in the {@code prft} box in front of the fragment: the decode times run on
 * without gaps, so they are not capture times), its sequence number ({@code mfhd}) and whether it is a keyframe (the
 * first sample's flags in {@code trun}). Only box headers and these fields are read; the picture is skipped.
 */
final class Fmp4FragmentReader {

    /** ISO/IEC 14496-12: {@code sample_is_non_sync_sample} in a sample's flags. */
    private static final int NON_SYNC_SAMPLE = 0x10000;
    private static final int TRUN_DATA_OFFSET = 0x1;
    private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x4;
    private static final int TRUN_SAMPLE_DURATION = 0x100;
    private static final int TRUN_SAMPLE_SIZE = 0x200;
    private static final int TRUN_SAMPLE_FLAGS = 0x400;
    /** prft: size, type, version and flags, reference track, then the 64-bit NTP time; 32 bytes in version 1. */
    private static final int PRFT_NTP_OFFSET = 16;
    private static final int PRFT_BYTES = 24;

    /** What one fragment says about its frame. */
    record Fragment(long sequence, long captureEpochMicros, boolean keyframe) {
    }

    private Fmp4FragmentReader() {
    }

    /**
     * The fragment in {@code message}, or null when the message is the initialisation segment ({@code ftyp} first).
     *
     * @throws BenchProtocolException when the message is neither, or its {@code moof} lacks a box the bench reads
     */
    static Fragment read(ByteBuf message) throws BenchProtocolException {
        int start = message.readerIndex();
        int end = message.writerIndex();
        String first = end - start >= 8 ? type(message, start) : "";
        if (first.equals("ftyp")) {
            return null;
        }
        if (!first.equals("prft") || boxEnd(message, start, end) - start < PRFT_BYTES) {
            throw new BenchProtocolException("a binary message starting with '" + printable(first) + "' where an fmp4"
                    + " fragment (prft, moof) or init segment (ftyp) belongs");
        }
        long captureEpochMicros = Fmp4Fragmenter.epochMicros(message.getLong(start + PRFT_NTP_OFFSET));
        start = boxEnd(message, start, end);
        if (end - start < 8 || !type(message, start).equals("moof")) {
            throw new BenchProtocolException("an fmp4 prft box without a moof after it");
        }
        int moofEnd = boxEnd(message, start, end);
        long sequence = -1;
        Boolean keyframe = null;
        for (int box = start + 8, next; box < moofEnd; box = next) {
            next = boxEnd(message, box, moofEnd);
            String type = type(message, box);
            if (type.equals("mfhd")) {
                sequence = message.getUnsignedInt(box + 12);
            } else if (type.equals("traf")) {
                for (int inner = box + 8, innerNext; inner < next; inner = innerNext) {
                    innerNext = boxEnd(message, inner, next);
                    String innerType = type(message, inner);
                    if (innerType.equals("trun")) {
                        keyframe = firstSampleIsSync(message, inner);
                    }
                }
            }
        }
        if (sequence < 0 || keyframe == null) {
            throw new BenchProtocolException("an fmp4 fragment without its mfhd or trun box");
        }
        return new Fragment(sequence, captureEpochMicros, keyframe);
    }

    private static boolean firstSampleIsSync(ByteBuf message, int trun) throws BenchProtocolException {
        int flags = message.getInt(trun + 8) & 0xffffff;
        int at = trun + 16; // after the version, flags and sample count
        if ((flags & TRUN_DATA_OFFSET) != 0) {
            at += 4;
        }
        if ((flags & TRUN_FIRST_SAMPLE_FLAGS) != 0) {
            return (message.getInt(at) & NON_SYNC_SAMPLE) == 0;
        }
        if ((flags & TRUN_SAMPLE_FLAGS) == 0) {
            throw new BenchProtocolException("an fmp4 fragment whose trun has no sample flags (is it a keyframe?)");
        }
        at += ((flags & TRUN_SAMPLE_DURATION) != 0 ? 4 : 0) + ((flags & TRUN_SAMPLE_SIZE) != 0 ? 4 : 0);
        return (message.getInt(at) & NON_SYNC_SAMPLE) == 0;
    }

    /** Where the box at {@code at} ends, checked to lie within its parent (which ends at {@code limit}). */
    private static int boxEnd(ByteBuf message, int at, int limit) throws BenchProtocolException {
        long size = at + 8 <= limit ? message.getUnsignedInt(at) : -1;
        if (size < 8 || at + size > limit) {
            throw new BenchProtocolException("an fmp4 box at byte " + at + " of a message runs past its parent");
        }
        return (int) (at + size);
    }

    private static String type(ByteBuf message, int box) {
        byte[] type = new byte[4];
        message.getBytes(box + 4, type);
        return new String(type, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? type : "binary";
    }
}
