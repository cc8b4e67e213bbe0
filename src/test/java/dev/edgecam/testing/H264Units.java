package dev.edgecam.testing;

import dev.edgecam.frame.Frame;

/**
 * Tiny H.264 access units in Annex B form, for tests of what carries and routes them (hubs, pumps), not of a
 * decoder: the NAL headers are real, the payload bytes are filler that names the frame.
 */
public final class H264Units {

    private static final byte[] START = {0, 0, 0, 1};

    private H264Units() {
    }

    /** SPS, PPS and an IDR slice of {@code payloadBytes} bytes. */
    public static byte[] keyframe(int payloadBytes) {
        return concat(nal(0x67, 4), nal(0x68, 2), nal(0x65, payloadBytes));
    }

    /** A non-IDR slice of {@code payloadBytes} bytes. */
    public static byte[] predicted(int payloadBytes) {
        return nal(0x41, payloadBytes);
    }

    /** A 16x16 frame; keyframes and P-frames of {@code payloadBytes} bytes of slice data. */
    public static Frame frame(long sequence, boolean keyframe, int payloadBytes) {
        byte[] unit = keyframe ? keyframe(payloadBytes) : predicted(payloadBytes);
        return Frame.h264(sequence, sequence * 33_000_000L, sequence * 33_000L, 16, 16, keyframe, unit);
    }

    /** A start code, a NAL header byte and {@code payloadBytes} bytes of 0x55 (never a start code). */
    public static byte[] nal(int header, int payloadBytes) {
        byte[] nal = new byte[START.length + 1 + payloadBytes];
        System.arraycopy(START, 0, nal, 0, START.length);
        nal[START.length] = (byte) header;
        java.util.Arrays.fill(nal, START.length + 1, nal.length, (byte) 0x55);
        return nal;
    }

    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
