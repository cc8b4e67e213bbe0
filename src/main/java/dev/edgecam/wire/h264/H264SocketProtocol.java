package dev.edgecam.wire.h264;

import java.util.Locale;

/**
 * H.264 to a browser over a WebSocket ({@code GET /h264?format=annexb|fmp4}, {@code /cam/ID/h264}): what the page's
 * player ({@code web/player.js}) reads. Server to client only; the client sends nothing but control frames.
 *
 * <pre>
 * text    {"type":"stream","format":"annexb","codec":"avc1.42C01F","width":1280,"height":720,
 *          "serverTimeMicros":1796000000000000,"timescale":90000}
 *                  before the first frame, and again whenever the parameter sets change (a new size)
 * binary  fmp4 only: the initialisation segment (ftyp+moov), right after each text message
 * binary  one per frame, in decode order, from a keyframe on:
 *   annexb: | 1 byte version (1) | 1 byte flags (bit 0: keyframe) | 8 bytes capture time, epoch µs | 8 bytes sequence |
 *           | the access unit, Annex B (start codes; SPS and PPS before every keyframe) ........................ |
 *           (integers big-endian)
 *   fmp4:   | prft | moof | mdat |  one fragment; its decode time (90 kHz) follows on from the last frame's end
 *           (media/Fmp4Timeline: a late frame is no gap), and prft gives its capture time (NTP) beside it
 * </pre>
 *
 * <p>Why Annex B for WebCodecs: a {@code VideoDecoder} configured without a {@code description} takes Annex B
 * chunks (the AVC codec registration), and the keyframes carry their SPS and PPS, so the bytes the camera made go
 * out untouched and a size change needs no new configuration message to decode. A client that falls behind is
 * skipped by the server to the next keyframe: a gap in the sequence numbers, never a frame it cannot decode.
 */
public final class H264SocketProtocol {

    public static final int VERSION = 1;
    /** Bytes in front of the access unit of an {@code annexb} frame message. */
    public static final int HEADER_BYTES = 18;
    public static final int FLAG_KEYFRAME = 1;

    /** How the frames are framed; chosen by the query's {@code format}. */
    public enum Format {
        /** Bare access units with a header, for WebCodecs. */
        ANNEXB,
        /** Fragmented MP4, for Media Source Extensions. */
        FMP4;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The format a query value names; {@code null} means the default, {@code annexb}.
         *
         * @throws IllegalArgumentException naming the formats there are
         */
        public static Format parse(String value) {
            if (value == null) {
                return ANNEXB;
            }
            for (Format format : values()) {
                if (format.label().equals(value)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("format=" + value + " is not an H.264 framing this server has; use"
                    + " format=annexb (WebCodecs) or format=fmp4 (Media Source Extensions)");
        }
    }

    private H264SocketProtocol() {
    }

    /** The header of an {@code annexb} frame message. */
    public static byte[] header(boolean keyframe, long captureEpochMicros, long sequence) {
        byte[] header = new byte[HEADER_BYTES];
        header[0] = VERSION;
        header[1] = (byte) (keyframe ? FLAG_KEYFRAME : 0);
        putLong(header, 2, captureEpochMicros);
        putLong(header, 10, sequence);
        return header;
    }

    /** The capture time (epoch µs) in a frame message's header. */
    public static long captureEpochMicros(byte[] message) {
        return getLong(message, 2);
    }

    /** The sequence number in a frame message's header. */
    public static long sequence(byte[] message) {
        return getLong(message, 10);
    }

    public static boolean keyframe(byte[] message) {
        return (message[1] & FLAG_KEYFRAME) != 0;
    }

    private static void putLong(byte[] bytes, int at, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[at + i] & 0xff);
        }
        return value;
    }
}
