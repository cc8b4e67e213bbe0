package dev.edgecam.wire.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.wire.AnnouncedPayload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LegacyFrameReaderTest {

    private static final int MAX = 1024;

    @Test
    void readsOneExactFrameThenReportsTheCleanEnd() throws IOException {
        byte[] payload = payload(100, 7);
        LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(framed(payload)), MAX);

        assertThat(reader.readFrame()).isEqualTo(payload);
        assertThat(reader.readFrame()).isNull();
    }

    @Test
    void readsSeveralFramesBackToBackWithNothingLeftOver() throws IOException {
        byte[] a = payload(1, 1);
        byte[] b = payload(MAX, 2);
        byte[] c = payload(300, 3);
        CountingStream in = new CountingStream(new ByteArrayInputStream(concat(framed(a), framed(b), framed(c))), 1 << 20);
        LegacyFrameReader reader = new LegacyFrameReader(in, MAX);

        assertThat(reader.readFrame()).isEqualTo(a);
        assertThat(reader.readFrame()).isEqualTo(b);
        assertThat(reader.readFrame()).isEqualTo(c);
        assertThat(reader.readFrame()).isNull();
        assertThat(in.bytesRead).isEqualTo(4 + 1 + 4 + MAX + 4 + 300);
    }

    @Test
    void readsFramesThatArriveInTinyPieces() throws IOException {
        byte[] a = payload(500, 4);
        byte[] b = payload(17, 5);
        for (int piece : new int[] {1, 2, 3, 5}) {
            InputStream trickle = new CountingStream(new ByteArrayInputStream(concat(framed(a), framed(b))), piece);
            LegacyFrameReader reader = new LegacyFrameReader(trickle, MAX);

            assertThat(reader.readFrame()).as("pieces of %d bytes", piece).isEqualTo(a);
            assertThat(reader.readFrame()).as("pieces of %d bytes", piece).isEqualTo(b);
            assertThat(reader.readFrame()).isNull();
        }
    }

    @Test
    void aLargeFrameArrivingInPiecesIsReadWhole() throws IOException {
        int max = 32 * 1024 * 1024;
        byte[] big = payload(3 * AnnouncedPayload.FIRST_CHUNK_BYTES + 12_345, 9);
        InputStream trickle = new CountingStream(new ByteArrayInputStream(framed(big)), 64 * 1024);
        LegacyFrameReader reader = new LegacyFrameReader(trickle, max);

        assertThat(reader.readFrame()).isEqualTo(big);
        assertThat(reader.readFrame()).isNull();
    }

    @Test
    void aLargeLengthFollowedBySilenceCostsOnlyTheBytesThatArrived() {
        int max = 32 * 1024 * 1024;
        byte[] announcedOnly = concat(LegacyProtocol.header(30 * 1024 * 1024), new byte[] {1, 2, 3});
        LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(announcedOnly), max);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(reader::readFrame)
                .isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining("got 3 of " + 30 * 1024 * 1024 + " bytes");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before)
                .as("bytes allocated for a 30 MiB announcement with 3 bytes behind it")
                .isLessThan(4L * AnnouncedPayload.FIRST_CHUNK_BYTES);
    }

    @Test
    void refusesLengthZero() {
        LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(new byte[] {0, 0, 0, 0, 1, 2}), MAX);

        assertThatThrownBy(reader::readFrame).isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining("length of 0");
    }

    @Test
    void refusesTheLargestLengthBeforeReadingOrAllocatingThePayload() {
        // The stream fails the test if the reader tries to read past the header: it must decide on 4 bytes.
        InputStream headerOnly = new HeaderThenFailStream(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        LegacyFrameReader reader = new LegacyFrameReader(headerOnly, LegacyProtocol.DEFAULT_MAX_FRAME_BYTES);

        assertThatThrownBy(reader::readFrame).isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining("4294967295").hasMessageContaining("maximum");
    }

    @Test
    void refusesOneByteAboveTheMaximumAndAcceptsTheMaximumItself() throws IOException {
        LegacyFrameReader above = new LegacyFrameReader(new HeaderThenFailStream(LegacyProtocol.header(MAX + 1)), MAX);
        assertThatThrownBy(above::readFrame).isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining(String.valueOf(MAX + 1)).hasMessageContaining(String.valueOf(MAX));

        byte[] atMax = payload(MAX, 9);
        assertThat(new LegacyFrameReader(new ByteArrayInputStream(framed(atMax)), MAX).readFrame()).isEqualTo(atMax);
    }

    @Test
    void aHeaderCutShortIsAnErrorNotAnEnd() {
        for (int got = 1; got < 4; got++) {
            byte[] partial = Arrays.copyOf(LegacyProtocol.header(10), got);
            LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(partial), MAX);

            assertThatThrownBy(reader::readFrame).as("%d header bytes", got)
                    .isInstanceOf(LegacyProtocolException.class).hasMessageContaining(got + " of 4");
        }
    }

    @Test
    void aPayloadCutShortIsAnError() {
        byte[] whole = framed(payload(100, 3));
        LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(Arrays.copyOf(whole, 4 + 60)), MAX);

        assertThatThrownBy(reader::readFrame).isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining("60 of 100");
    }

    @Test
    void anEmptyStreamIsACleanEnd() throws IOException {
        assertThat(new LegacyFrameReader(new ByteArrayInputStream(new byte[0]), MAX).readFrame()).isNull();
    }

    @Test
    void refusesANonPositiveMaximum() {
        assertThatThrownBy(() -> new LegacyFrameReader(new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] framed(byte[] payload) {
        return concat(LegacyProtocol.header(payload.length), payload);
    }

    static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code piece} bytes per read, like a network that splits everything. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private final int piece;
        long bytesRead;

        CountingStream(InputStream in, int piece) {
            this.in = in;
            this.piece = piece;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, Math.min(length, piece));
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }
    }

    /** Gives a header, then fails any further read: proves a length is judged before the payload is touched. */
    private static final class HeaderThenFailStream extends InputStream {
        private final byte[] header;
        private int position;

        HeaderThenFailStream(byte[] header) {
            this.header = header;
        }

        @Override
        public int read() {
            if (position >= header.length) {
                throw new AssertionError("the reader read past the header of a frame it should have refused");
            }
            return header[position++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= header.length) {
                throw new AssertionError("the reader read past the header of a frame it should have refused");
            }
            int n = Math.min(length, header.length - position);
            System.arraycopy(header, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
