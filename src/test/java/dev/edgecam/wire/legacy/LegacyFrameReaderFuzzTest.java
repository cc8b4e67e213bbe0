package dev.edgecam.wire.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of the client's frame reader: any bytes, delivered in any read sizes, end in frames,
 * a clean end or a {@link LegacyProtocolException}; never another error, a hang, or an allocation past the
 * maximum frame size.
 */
class LegacyFrameReaderFuzzTest {

    private static final Duration TRY_LIMIT = Duration.ofSeconds(5);
    private static final int MAX_FRAME = 1024;

    /** A stream that gives at most {@code maxRead} bytes per read, as a slow network does. */
    private static InputStream trickle(byte[] bytes, int maxRead) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, maxRead));
            }
        };
    }

    @Property(tries = 400)
    void anyBytesEndInFramesACleanEndOrAProtocolError(@ForAll @Size(max = 4096) byte[] bytes,
                                                     @ForAll @IntRange(min = 1, max = 16) int maxRead) {
        assertTimeoutPreemptively(TRY_LIMIT, () -> {
            LegacyFrameReader reader = new LegacyFrameReader(trickle(bytes, maxRead), MAX_FRAME);
            long consumed = 0;
            try {
                for (byte[] frame; (frame = reader.readFrame()) != null; ) {
                    assertThat(frame.length).isBetween(1, MAX_FRAME);
                    consumed += LegacyProtocol.HEADER_BYTES + frame.length;
                    assertThat(consumed).isLessThanOrEqualTo(bytes.length);
                }
            } catch (LegacyProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Property(tries = 200)
    void framesAreReadBackExactlyHoweverTheyAreCut(@ForAll @Size(max = 8) List<@Size(min = 1, max = 300) byte[]> frames,
                                                  @ForAll @IntRange(min = 1, max = 50) int maxRead) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            wire.writeBytes(LegacyProtocol.header(frame.length));
            wire.writeBytes(frame);
        }
        LegacyFrameReader reader = new LegacyFrameReader(trickle(wire.toByteArray(), maxRead), MAX_FRAME);
        List<byte[]> read = new ArrayList<>();
        for (byte[] frame; (frame = reader.readFrame()) != null; ) {
            read.add(frame);
        }
        assertThat(read).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(read.get(i)).isEqualTo(frames.get(i));
        }
    }

    @Property(tries = 200)
    void anyLengthAboveTheMaximumIsRefusedBeforeAllocating(@ForAll @LongRange(min = MAX_FRAME + 1, max = 0xFFFFFFFFL) long length) {
        byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        // Only the header arrives: had the reader allocated and read, it would report a frame cut short instead.
        LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(header), MAX_FRAME);
        assertThatThrownBy(reader::readFrame).isInstanceOf(LegacyProtocolException.class)
                .hasMessageContaining(length + " bytes, above the maximum of " + MAX_FRAME);
    }
}
