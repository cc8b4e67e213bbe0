package dev.edgecam.transport.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Splits what an RTSP client sends into RTSP messages and {@code $}-interleaved binary packets (RFC 2326 section
 * 10.12), which may follow each other on one connection in any order. Netty's {@code RtspDecoder} behind it gets
 * each whole message (head and body) as one {@link ByteBuf}; a binary packet becomes an {@link InterleavedPacket}.
 *
 * <pre>
 *   '$' | channel (1 byte) | length (2 bytes, big endian) | packet (length bytes: RTCP on channel 1)
 *   "OPTIONS rtsp://... RTSP/1.0\r\n" headers "\r\n" [Content-Length bytes of body]
 * </pre>
 *
 * A message head longer than {@link #MAX_HEAD_BYTES} or a body over {@link #MAX_BODY_BYTES} closes the connection
 * (a client sends small requests; anything else is an attack or a stranger).
 */
final class InterleavedSplitter extends ByteToMessageDecoder {

    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final byte DOLLAR = '$';

    /**
     * Bytes of the unfinished head at the reader index already searched for its end: a client sending its head a
     * byte at a time would otherwise have the whole head searched again on every byte (16 KiB squared).
     */
    private int searchedHeadBytes;
    /** The whole length (head and body) of the message at the reader index once its head is read, else -1. */
    private int messageBytes = -1;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (messageBytes < 0 && in.getByte(start) == DOLLAR) {
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getUnsignedShort(start + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                int channel = in.getUnsignedByte(start + 1);
                in.skipBytes(4);
                out.add(new InterleavedPacket(channel, in.readRetainedSlice(length)));
                continue;
            }
            if (messageBytes < 0) {
                int headEnd = endOfHead(in, start, searchedHeadBytes);
                if (headEnd < 0) {
                    if (in.readableBytes() > MAX_HEAD_BYTES) {
                        throw new TooLongFrameException("an RTSP message head longer than " + MAX_HEAD_BYTES + " bytes");
                    }
                    // The last 3 bytes may begin the blank line whose rest is still to come.
                    searchedHeadBytes = Math.max(0, in.readableBytes() - 3);
                    return;
                }
                searchedHeadBytes = 0;
                int body = contentLength(in.toString(start, headEnd - start, StandardCharsets.ISO_8859_1));
                if (body > MAX_BODY_BYTES) {
                    throw new TooLongFrameException("an RTSP message body of " + body + " bytes (at most "
                            + MAX_BODY_BYTES + ")");
                }
                messageBytes = headEnd - start + body; // kept: a body sent slowly is not parsed again on each byte
            }
            if (in.readableBytes() < messageBytes) {
                return;
            }
            out.add(in.readRetainedSlice(messageBytes));
            messageBytes = -1;
        }
    }

    /**
     * The index just past the blank line that ends the head starting at {@code start}, or -1 when not yet here;
     * {@code searched} bytes from {@code start} are known to hold no beginning of it.
     */
    private static int endOfHead(ByteBuf in, int start, int searched) {
        int end = Math.min(in.writerIndex(), start + MAX_HEAD_BYTES + 4);
        for (int i = start + searched; i + 3 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Math.max(0, Integer.parseInt(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new TooLongFrameException("an RTSP Content-Length that is no number: " + line);
                }
            }
        }
        return 0;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrors.close(ctx, cause);
    }
}
