package dev.edgecam.wire.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP (RFC 3550 section 6): builds the sender's compound packet (a sender report and an SDES CNAME) and a
 * receiver's (a receiver report and an SDES CNAME), and reads any compound packet's sender info and report blocks.
 *
 * <pre>
 * SR:  |V=2|P|RC|PT=200|length| SSRC | NTP seconds | NTP fraction | RTP timestamp | packets | octets | blocks...
 * RR:  |V=2|P|RC|PT=201|length| SSRC | blocks...
 * block (24 bytes): | source SSRC | fraction lost (8) cumulative lost (24) | highest sequence (32)
 *                   | jitter | last SR (32 middle bits of its NTP time) | delay since last SR (1/65536 s) |
 * SDES: |V=2|P|SC=1|PT=202|length| SSRC | CNAME=1 | length | text | 0 ... padded to 32 bits |
 * </pre>
 * The header's length counts 32-bit words minus one. The NTP time is seconds since 1900 and a binary fraction.
 */
public final class Rtcp {

    public static final int SENDER_REPORT = 200;
    public static final int RECEIVER_REPORT = 201;
    public static final int SOURCE_DESCRIPTION = 202;
    public static final int BYE = 203;
    private static final int CNAME = 1;
    /** Seconds from 1900-01-01 (NTP's epoch) to 1970-01-01 (Unix's). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    /** What a sender report says about its sender: this RTP time was this wall-clock time. */
    public record SenderInfo(long ssrc, long ntpTime, long rtpTimestamp, long packetCount, long octetCount) {

        /** The NTP time as epoch microseconds. */
        public long epochMicros() {
            return Rtcp.epochMicros(ntpTime);
        }
    }

    /**
     * One report block: how a receiver hears {@code sourceSsrc}.
     *
     * @param fractionLost packets lost since the previous report, out of 256
     * @param cumulativeLost packets lost since the start (signed: duplicates can make it negative)
     * @param jitter interarrival jitter in RTP timestamp units
     */
    public record ReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                             long highestSequence, long jitter, long lastSenderReport, long delaySinceLastSenderReport) {

        /** {@link #fractionLost} as a share, 0 to 1. */
        public double lostShare() {
            return fractionLost / 256.0;
        }
    }

    /** What a compound packet holds: its sender reports' info and every report block, in order. */
    public record Compound(List<SenderInfo> senderInfos, List<ReportBlock> reportBlocks) {
    }

    private Rtcp() {
    }

    /** The 64-bit NTP time of {@code epochMicros}. */
    public static long ntpTime(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long micros = Math.floorMod(epochMicros, 1_000_000L);
        long fraction = (micros << 32) / 1_000_000L;
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) | fraction;
    }

    /** Epoch microseconds of a 64-bit NTP time (rounded to the nearest). */
    public static long epochMicros(long ntpTime) {
        long seconds = (ntpTime >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntpTime & 0xffffffffL;
        return seconds * 1_000_000L + ((fraction * 1_000_000L + (1L << 31)) >>> 32);
    }

    /**
     * A compound sender report: SR (no report blocks) and SDES CNAME.
     *
     * @param epochMicros the wall-clock time the report states, mapped to {@code rtpTimestamp}
     */
    public static byte[] senderReport(long ssrc, long epochMicros, long rtpTimestamp, long packetCount, long octetCount,
                                      String cname) {
        byte[] sdes = sourceDescription(ssrc, cname);
        byte[] packet = new byte[28 + sdes.length];
        header(packet, 0, 0, SENDER_REPORT, 28);
        long ntp = ntpTime(epochMicros);
        RtpHeader.putInt(packet, 4, ssrc);
        RtpHeader.putInt(packet, 8, ntp >>> 32);
        RtpHeader.putInt(packet, 12, ntp);
        RtpHeader.putInt(packet, 16, rtpTimestamp);
        RtpHeader.putInt(packet, 20, packetCount);
        RtpHeader.putInt(packet, 24, octetCount);
        System.arraycopy(sdes, 0, packet, 28, sdes.length);
        return packet;
    }

    /** A compound receiver report: RR with the given blocks (at most 31) and SDES CNAME. */
    public static byte[] receiverReport(long ssrc, List<ReportBlock> blocks, String cname) {
        if (blocks.size() > 31) {
            throw new IllegalArgumentException("an RTCP receiver report holds at most 31 blocks, not " + blocks.size());
        }
        byte[] sdes = sourceDescription(ssrc, cname);
        int rrLength = 8 + 24 * blocks.size();
        byte[] packet = new byte[rrLength + sdes.length];
        header(packet, 0, blocks.size(), RECEIVER_REPORT, rrLength);
        RtpHeader.putInt(packet, 4, ssrc);
        int at = 8;
        for (ReportBlock block : blocks) {
            RtpHeader.putInt(packet, at, block.sourceSsrc());
            RtpHeader.putInt(packet, at + 4, ((long) (block.fractionLost() & 0xff) << 24) | (block.cumulativeLost() & 0xffffff));
            RtpHeader.putInt(packet, at + 8, block.highestSequence());
            RtpHeader.putInt(packet, at + 12, block.jitter());
            RtpHeader.putInt(packet, at + 16, block.lastSenderReport());
            RtpHeader.putInt(packet, at + 20, block.delaySinceLastSenderReport());
            at += 24;
        }
        System.arraycopy(sdes, 0, packet, rrLength, sdes.length);
        return packet;
    }

    private static byte[] sourceDescription(long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            throw new IllegalArgumentException("an RTCP CNAME is at most 255 bytes, not " + text.length);
        }
        int unpadded = 4 + 4 + 2 + text.length + 1; // header, SSRC, item type and length, text, end of items
        int size = (unpadded + 3) & ~3;
        byte[] packet = new byte[size];
        header(packet, 0, 1, SOURCE_DESCRIPTION, size);
        RtpHeader.putInt(packet, 4, ssrc);
        packet[8] = CNAME;
        packet[9] = (byte) text.length;
        System.arraycopy(text, 0, packet, 10, text.length);
        return packet;
    }

    private static void header(byte[] packet, int offset, int count, int type, int bytes) {
        packet[offset] = (byte) (0x80 | count);
        packet[offset + 1] = (byte) type;
        int words = bytes / 4 - 1;
        packet[offset + 2] = (byte) (words >> 8);
        packet[offset + 3] = (byte) words;
    }

    /**
     * Reads a compound RTCP packet in {@code bytes[offset, offset + length)}: sender info of every SR and every
     * report block of SRs and RRs; other packet types (SDES, BYE, APP) are skipped.
     *
     * @throws RtpFormatException when a packet is not RTCP version 2 or its length runs past the datagram
     */
    public static Compound parse(byte[] bytes, int offset, int length) {
        List<SenderInfo> senders = new ArrayList<>(1);
        List<ReportBlock> blocks = new ArrayList<>(1);
        int at = offset;
        int end = offset + length;
        while (at + 4 <= end) {
            int first = bytes[at] & 0xff;
            if (first >> 6 != 2) {
                throw new RtpFormatException("RTCP version " + (first >> 6) + " is not 2");
            }
            int type = bytes[at + 1] & 0xff;
            int size = 4 * ((((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff)) + 1);
            if (at + size > end) {
                throw new RtpFormatException("an RTCP packet of type " + type + " says " + size
                        + " bytes but only " + (end - at) + " remain");
            }
            int count = first & 0x1f;
            if (type == SENDER_REPORT && size >= 28) {
                long ssrc = RtpHeader.getInt(bytes, at + 4);
                long ntp = (RtpHeader.getInt(bytes, at + 8) << 32) | RtpHeader.getInt(bytes, at + 12);
                senders.add(new SenderInfo(ssrc, ntp, RtpHeader.getInt(bytes, at + 16),
                        RtpHeader.getInt(bytes, at + 20), RtpHeader.getInt(bytes, at + 24)));
                blocks(bytes, at + 28, at + size, count, ssrc, blocks);
            } else if (type == RECEIVER_REPORT && size >= 8) {
                blocks(bytes, at + 8, at + size, count, RtpHeader.getInt(bytes, at + 4), blocks);
            }
            at += size;
        }
        return new Compound(senders, blocks);
    }

    private static void blocks(byte[] bytes, int at, int end, int count, long reporter, List<ReportBlock> blocks) {
        for (int i = 0; i < count && at + 24 <= end; i++, at += 24) {
            long lost = RtpHeader.getInt(bytes, at + 4);
            int cumulative = (int) (lost << 40 >> 40); // 24-bit signed
            blocks.add(new ReportBlock(reporter, RtpHeader.getInt(bytes, at), (int) (lost >>> 24), cumulative,
                    RtpHeader.getInt(bytes, at + 8), RtpHeader.getInt(bytes, at + 12),
                    RtpHeader.getInt(bytes, at + 16), RtpHeader.getInt(bytes, at + 20)));
        }
    }
}
