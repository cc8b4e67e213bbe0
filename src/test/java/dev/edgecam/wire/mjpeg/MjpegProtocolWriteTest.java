package dev.edgecam.wire.mjpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bytes the server writes for a stream, exactly as the protocol diagram shows them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MjpegProtocolWriteTest {

    @Test
    void aStreamIsTheFirstBoundaryThenHeadersJpegAndTheNextBoundaryPerPart() {
        String start = ascii(MjpegProtocol.streamStart());
        String header = ascii(MjpegProtocol.partHeader(1234, 1_764_000_000_123_456L, 42));
        String end = ascii(MjpegProtocol.partEnd());

        assertThat(start).isEqualTo("--boundarydonotcross\r\n");
        assertThat(header).isEqualTo("Content-Type: image/jpeg\r\n"
                + "Content-Length: 1234\r\n"
                + "X-Timestamp: 1764000000.123456\r\n"
                + "X-Sequence: 42\r\n"
                + "\r\n");
        assertThat(end).isEqualTo("\r\n--boundarydonotcross\r\n");
    }

    @Test
    void timestampsKeepEveryMicrosecondBothWays() {
        assertThat(MjpegProtocol.formatTimestamp(1_764_000_000_000_007L)).isEqualTo("1764000000.000007");
        assertThat(MjpegProtocol.parseTimestamp("1764000000.000007")).isEqualTo(1_764_000_000_000_007L);
        assertThat(MjpegProtocol.parseTimestamp(MjpegProtocol.formatTimestamp(987_654_321L))).isEqualTo(987_654_321L);
        assertThat(MjpegProtocol.formatTimestamp(1_764_000_000_000_000L)).isEqualTo("1764000000.000000");
        assertThat(MjpegProtocol.formatTimestamp(1_764_000_000_999_999L)).isEqualTo("1764000000.999999");
        assertThat(MjpegProtocol.formatTimestamp(0)).isEqualTo("0.000000");
        assertThat(MjpegProtocol.formatTimestamp(-1)).isEqualTo("-1.999999"); // before 1970: floor, like String.format did
    }

    @Test
    void theSharedArraysCannotBeChangedByACaller() {
        MjpegProtocol.streamStart()[0] = 'X';
        MjpegProtocol.partEnd()[2] = 'X';
        assertThat(ascii(MjpegProtocol.streamStart())).startsWith("--");
        assertThat(ascii(MjpegProtocol.partEnd())).isEqualTo("\r\n--boundarydonotcross\r\n");
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
