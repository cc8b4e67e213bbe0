package dev.edgecam.wire.rtp;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reassembles H.264 access units (Annex B, a 4-byte start code before every NAL unit) from RTP packets per RFC 6184:
 * single NAL unit packets, STAP-A aggregates and FU-A fragments. An access unit ends at a packet with the marker bit,
 * or when a packet with another timestamp arrives.
 *
 * <p><b>Loss.</b> A gap in the sequence numbers means packets were lost: the access unit being assembled is
 * dropped, and so is every one after it until one holding an IDR slice, because a decoder cannot use frames whose
 * references it lost. Late (reordered) and duplicate packets are ignored and counted as late. Every dropped access
 * unit is counted.
 *
 * <p>Not thread-safe: one stream, one caller.
 */
public final class H264Depacketizer {

    /** One reassembled access unit, {@code annexB} owned by the receiver. */
    public record AccessUnit(byte[] annexB, long timestamp, boolean keyframe) {
    }

    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    /** An access unit larger than this is refused as broken rather than grown without end (a hostile sender). */
    private static final int MAX_ACCESS_UNIT_BYTES = 16 << 20;
    /** In-order packets far behind the expected sequence that mean the sender restarted its numbering. */
    static final int RESYNC_PACKETS = 8;
    /**
     * How far behind the expected sequence a packet is still a late or duplicate one, never a restart (RFC 3550
     * appendix A.1's MAX_MISORDER): a frame delivered twice, or a burst held back, is a run of in-order packets just
     * behind, and taking it for a restart would break the stream after it.
     */
    static final int MAX_MISORDER = 100;

    private final Consumer<AccessUnit> sink;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private long timestamp = -1;
    private boolean keyframe;
    /** True while an FU-A fragment series is open. */
    private boolean inFragment;
    /** True from a loss until the next access unit holding an IDR slice. */
    private boolean waitingForKeyframe = true;
    /** True when the access unit being assembled lost a packet. */
    private boolean broken;
    private int expectedSequence = -1;
    /** Consecutive in-order packets seen behind {@link #expectedSequence}, and the sequence the next one would have. */
    private int lateRun;
    private int lateRunNext;

    private long packetsReceived;
    private long packetsLost;
    private long packetsLate;
    private long accessUnitsDropped;
    private long accessUnitsDelivered;

    /** @param sink told about each complete access unit that a decoder can use, on the caller's thread */
    public H264Depacketizer(Consumer<AccessUnit> sink) {
        this.sink = sink;
    }

    /** Takes the RTP packet in {@code packet[offset, offset + size)}. */
    public void accept(byte[] packet, int offset, int size) {
        RtpHeader header = RtpHeader.read(packet, offset, size);
        if (expectedSequence >= 0) {
            int gap = (header.sequence() - expectedSequence) & 0xffff;
            if (gap >= 0x8000) {
                if (0x10000 - gap <= MAX_MISORDER || !restarted(header.sequence())) {
                    packetsLate++;
                    return;
                }
            } else {
                lateRun = 0;
                if (gap > 0) {
                    packetsLost += gap;
                    broken = true;
                }
            }
        }
        expectedSequence = (header.sequence() + 1) & 0xffff;
        packetsReceived++;
        if (timestamp >= 0 && header.timestamp() != timestamp && (length > 0 || broken)) {
            finish(); // the previous access unit lost its marker, or its sender sets none
        }
        timestamp = header.timestamp();
        payload(packet, offset + header.payloadOffset(), header.payloadLength());
        if (header.marker()) {
            finish();
        }
    }

    /**
     * Whether an "old" packet (more than {@link #MAX_MISORDER} behind) begins a new sequence: {@link #RESYNC_PACKETS}
     * consecutive packets that far behind the expected one are not reordering but a sender that restarted its
     * numbering (a server restart, a source switch). Then the receiver follows it from here, as after a loss (the
     * access unit in progress is dropped, the next keyframe awaited), instead of calling every packet late until the
     * old numbering comes round again.
     */
    private boolean restarted(int sequence) {
        if (lateRun > 0 && sequence == lateRunNext) {
            lateRun++;
        } else {
            lateRun = 1;
        }
        lateRunNext = (sequence + 1) & 0xffff;
        if (lateRun < RESYNC_PACKETS) {
            return false;
        }
        lateRun = 0;
        broken = true; // the access unit in progress belongs to the old numbering
        return true;
    }

    private void payload(byte[] bytes, int offset, int size) {
        if (size < 1) {
            return;
        }
        int type = bytes[offset] & 0x1f;
        if (type == FU_A) {
            fragment(bytes, offset, size);
        } else if (type == STAP_A) {
            int position = offset + 1;
            int end = offset + size;
            while (position + 2 <= end) {
                int nalSize = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
                position += 2;
                if (nalSize == 0 || position + nalSize > end) {
                    broken = true;
                    return;
                }
                nal(bytes, position, nalSize);
                position += nalSize;
            }
        } else if (type >= 1 && type <= 23) {
            nal(bytes, offset, size);
        } else {
            broken = true; // STAP-B, MTAP, FU-B: packetization modes this receiver does not speak
        }
    }

    private void fragment(byte[] bytes, int offset, int size) {
        if (size < 2) {
            broken = true;
            return;
        }
        int fuHeader = bytes[offset + 1] & 0xff;
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        if (start) {
            if (inFragment) {
                broken = true;
            }
            append(START_CODE, 0, START_CODE.length);
            byte nalHeader = (byte) ((bytes[offset] & 0xe0) | (fuHeader & 0x1f));
            append(new byte[] {nalHeader}, 0, 1);
            keyframe |= (fuHeader & 0x1f) == NalUnits.TYPE_IDR;
            inFragment = true;
        } else if (!inFragment) {
            broken = true; // its start was lost
            return;
        }
        append(bytes, offset + 2, size - 2);
        if (end) {
            inFragment = false;
        }
    }

    private void nal(byte[] bytes, int offset, int size) {
        if (inFragment) {
            broken = true; // a fragment series that never ended
            inFragment = false;
        }
        keyframe |= (bytes[offset] & 0x1f) == NalUnits.TYPE_IDR;
        append(START_CODE, 0, START_CODE.length);
        append(bytes, offset, size);
    }

    private void append(byte[] bytes, int offset, int size) {
        if (length + size > buffer.length) {
            if (length + size > MAX_ACCESS_UNIT_BYTES) {
                broken = true;
                return;
            }
            buffer = Arrays.copyOf(buffer, Math.min(MAX_ACCESS_UNIT_BYTES, Math.max(buffer.length * 2, length + size)));
        }
        System.arraycopy(bytes, offset, buffer, length, size);
        length += size;
    }

    private void finish() {
        boolean usable = !broken && !inFragment && length > 0 && (keyframe || !waitingForKeyframe);
        if (usable) {
            waitingForKeyframe = false;
            accessUnitsDelivered++;
            sink.accept(new AccessUnit(Arrays.copyOf(buffer, length), timestamp, keyframe));
        } else {
            if (broken || inFragment) {
                waitingForKeyframe = true;
            }
            if (length > 0 || broken) {
                accessUnitsDropped++;
            }
        }
        length = 0;
        keyframe = false;
        broken = false;
        inFragment = false;
        timestamp = -1;
    }

    /** Packets taken in order (late and duplicate ones not counted). */
    public long packetsReceived() {
        return packetsReceived;
    }

    /** Packets missing from the sequence so far. */
    public long packetsLost() {
        return packetsLost;
    }

    /** Packets that came after a later one (reordered or duplicated), ignored. */
    public long packetsLate() {
        return packetsLate;
    }

    /** Access units dropped: broken by a loss, or not decodable because they followed one. */
    public long accessUnitsDropped() {
        return accessUnitsDropped;
    }

    public long accessUnitsDelivered() {
        return accessUnitsDelivered;
    }

    /** The sequence number expected next, or -1 before the first packet. */
    public int expectedSequence() {
        return expectedSequence;
    }
}
