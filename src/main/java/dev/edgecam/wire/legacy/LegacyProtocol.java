package dev.edgecam.wire.legacy;

/**
 * The legacy TCP protocol of the original Python edge server and client, byte for byte (port 6810).
 *
 * <pre>
 * client → server: single ASCII command bytes, no delimiter, no length; TCP may coalesce them
 *   '0' request one frame   '1' confirm a single frame   '2' end this session
 *   '3' start stream mode   'q' stop stream mode         anything else: ignored
 *
 * server → client: frames only, nothing else ever
 *   +--------+--------+--------+--------+------------------------+
 *   |  length N, unsigned 32-bit big-endian |  N bytes of one JPEG   |
 *   +--------+--------+--------+--------+------------------------+
 * </pre>
 *
 * Server and client share these definitions: the server parses commands with {@link Command#fromByte} and
 * writes {@link #header}; the client writes {@link Command#wire()} and reads with {@link LegacyFrameReader}.
 */
public final class LegacyProtocol {

    public static final int DEFAULT_PORT = 6810;
    public static final int HEADER_BYTES = 4;
    /** The largest frame a reader accepts unless told otherwise: far above any real JPEG, far below the 4 GiB a length allows. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 32 * 1024 * 1024;

    /** The one-byte commands a client sends. */
    public enum Command {
        REQUEST_FRAME('0'),
        CONFIRM('1'),
        END_SESSION('2'),
        START_STREAM('3'),
        STOP_STREAM('q');

        private final byte wire;

        Command(char wire) {
            this.wire = (byte) wire;
        }

        /** The byte on the wire. */
        public byte wire() {
            return wire;
        }

        /** The command a byte stands for, or {@code null} for any other byte (which servers ignore). */
        public static Command fromByte(byte b) {
            switch (b) {
                case '0': return REQUEST_FRAME;
                case '1': return CONFIRM;
                case '2': return END_SESSION;
                case '3': return START_STREAM;
                case 'q': return STOP_STREAM;
                default: return null;
            }
        }
    }

    private LegacyProtocol() {
    }

    /** The 4-byte big-endian length that precedes a JPEG of {@code length} bytes. */
    public static byte[] header(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("a frame has at least one byte, not " + length);
        }
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Reads the unsigned length from 4 header bytes. */
    public static long length(byte[] header) {
        return ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
    }
}
