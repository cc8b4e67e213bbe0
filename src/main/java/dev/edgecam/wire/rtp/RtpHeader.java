package dev.edgecam.wire.rtp;

/**
 * The fixed RTP header of RFC 3550 section 5.1, read and written. Version 2 only; no padding, extension or CSRCs
 * are written, and a packet read with them has them skipped ({@link #payloadOffset}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * | CSRCs (CC of them), extension (X), payload ..., padding (P)   |
 * </pre>
 *
 * @param marker the M bit: for H.264, set on the last packet of an access unit
 * @param payloadType 0 to 127 (96 for our dynamic H.264)
 * @param sequence 0 to 65535, one more per packet, wrapping
 * @param timestamp 32-bit media clock (90 kHz for video), unsigned
 * @param ssrc the stream's synchronization source, unsigned 32 bits
 * @param payloadOffset where the payload starts, counted from the packet's first byte
 * @param payloadLength payload bytes, padding excluded
 */
public record RtpHeader(boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                        int payloadOffset, int payloadLength) {

    /** Bytes of the fixed header, as written by {@link #write}. */
    public static final int SIZE = 12;

    /**
     * Writes the 12-byte fixed header at {@code offset}.
     *
     * @return {@link #SIZE}
     */
    public static int write(byte[] packet, int offset, boolean marker, int payloadType, int sequence, long timestamp,
                            long ssrc) {
        packet[offset] = (byte) 0x80;
        packet[offset + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f));
        packet[offset + 2] = (byte) (sequence >> 8);
        packet[offset + 3] = (byte) sequence;
        putInt(packet, offset + 4, timestamp);
        putInt(packet, offset + 8, ssrc);
        return SIZE;
    }

    /**
     * Reads the header of the packet in {@code packet[offset, offset + length)}.
     *
     * @throws RtpFormatException when it is not an RTP version 2 packet or its lengths do not add up
     */
    public static RtpHeader read(byte[] packet, int offset, int length) {
        if (length < SIZE) {
            throw new RtpFormatException("an RTP packet of " + length + " bytes is shorter than its 12-byte header");
        }
        int first = packet[offset] & 0xff;
        if (first >> 6 != 2) {
            throw new RtpFormatException("RTP version " + (first >> 6) + " is not 2");
        }
        int payloadOffset = SIZE + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (payloadOffset + 4 > length) {
                throw new RtpFormatException("an RTP header extension runs past the packet's " + length + " bytes");
            }
            int words = ((packet[offset + payloadOffset + 2] & 0xff) << 8) | (packet[offset + payloadOffset + 3] & 0xff);
            payloadOffset += 4 + 4 * words;
        }
        int end = length;
        if ((first & 0x20) != 0 && length > payloadOffset) {
            end -= packet[offset + length - 1] & 0xff;
        }
        if (payloadOffset > end) {
            throw new RtpFormatException("an RTP header of " + payloadOffset + " bytes (with CSRCs, extension and"
                    + " padding) runs past the packet's " + length + " bytes");
        }
        int second = packet[offset + 1] & 0xff;
        int sequence = ((packet[offset + 2] & 0xff) << 8) | (packet[offset + 3] & 0xff);
        return new RtpHeader((second & 0x80) != 0, second & 0x7f, sequence, getInt(packet, offset + 4),
                getInt(packet, offset + 8), payloadOffset, end - payloadOffset);
    }

    static void putInt(byte[] bytes, int offset, long value) {
        bytes[offset] = (byte) (value >> 24);
        bytes[offset + 1] = (byte) (value >> 16);
        bytes[offset + 2] = (byte) (value >> 8);
        bytes[offset + 3] = (byte) value;
    }

    static long getInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xffL) << 16)
                | ((bytes[offset + 2] & 0xffL) << 8) | (bytes[offset + 3] & 0xffL);
    }
}
