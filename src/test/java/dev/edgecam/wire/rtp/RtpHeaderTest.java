package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fixed header written and read, and what other senders add: CSRCs, an extension, padding. */
class RtpHeaderTest {

    @Test
    void writesAndReadsTheFixedHeader() {
        byte[] packet = new byte[RtpHeader.SIZE + 3];
        RtpHeader.write(packet, 0, true, 96, 65535, 0xfffffffeL, 0x89abcdefL);
        assertThat(packet[0] & 0xff).isEqualTo(0x80);
        assertThat(RtpHeader.read(packet, 0, packet.length))
                .isEqualTo(new RtpHeader(true, 96, 65535, 0xfffffffeL, 0x89abcdefL, RtpHeader.SIZE, 3));
    }

    @Test
    void skipsCsrcsAndAnExtensionAndLeavesOutPadding() {
        // V=2, P=1, X=1, CC=1 | one CSRC | extension header with 1 word | payload 2 bytes | padding 2 (last byte = 2)
        byte[] packet = new byte[12 + 4 + 4 + 4 + 2 + 2];
        RtpHeader.write(packet, 0, false, 96, 1, 2, 3);
        packet[0] = (byte) (0x80 | 0x20 | 0x10 | 1);
        packet[12 + 4 + 3] = 1; // extension length: 1 word
        packet[packet.length - 1] = 2;
        RtpHeader header = RtpHeader.read(packet, 0, packet.length);
        assertThat(header.payloadOffset()).isEqualTo(24);
        assertThat(header.payloadLength()).isEqualTo(2);
    }

    @Test
    void refusesWhatIsNotRtpVersionTwo() {
        assertThatThrownBy(() -> RtpHeader.read(new byte[4], 0, 4)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("12-byte header");
        assertThatThrownBy(() -> RtpHeader.read(new byte[12], 0, 12)).hasMessageContaining("version 0");
        byte[] tooManyCsrcs = new byte[12];
        tooManyCsrcs[0] = (byte) 0x8f;
        assertThatThrownBy(() -> RtpHeader.read(tooManyCsrcs, 0, 12)).hasMessageContaining("runs past");
    }
}
