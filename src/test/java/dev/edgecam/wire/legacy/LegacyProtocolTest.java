package dev.edgecam.wire.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LegacyProtocolTest {

    @Test
    void headerIsTheLengthAsFourBigEndianBytes() {
        assertThat(LegacyProtocol.header(1)).containsExactly(0, 0, 0, 1);
        assertThat(LegacyProtocol.header(0x0102_0304)).containsExactly(1, 2, 3, 4);
        assertThat(LegacyProtocol.header(65_536)).containsExactly(0, 1, 0, 0);
        assertThat(LegacyProtocol.header(Integer.MAX_VALUE)).containsExactly(0x7F, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void headerRefusesEmptyAndNegativeLengths() {
        assertThatThrownBy(() -> LegacyProtocol.header(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LegacyProtocol.header(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthReadsFourBytesAsUnsigned() {
        assertThat(LegacyProtocol.length(new byte[] {0, 0, 0, 1})).isEqualTo(1);
        assertThat(LegacyProtocol.length(new byte[] {1, 2, 3, 4})).isEqualTo(0x0102_0304L);
        assertThat(LegacyProtocol.length(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isEqualTo(0xFFFF_FFFFL);
        assertThat(LegacyProtocol.length(new byte[] {(byte) 0x80, 0, 0, 0})).isEqualTo(0x8000_0000L);
    }

    @Test
    void lengthUndoesHeader() {
        for (int length : new int[] {1, 255, 256, 65_535, 1_000_000, 0x00FF_FF00, Integer.MAX_VALUE}) {
            assertThat(LegacyProtocol.length(LegacyProtocol.header(length))).isEqualTo(length);
        }
    }

    @Test
    void everyByteIsEitherOneOfTheFiveCommandsOrNothing() {
        Map<Character, Command> commands = Map.of('0', Command.REQUEST_FRAME, '1', Command.CONFIRM,
                '2', Command.END_SESSION, '3', Command.START_STREAM, 'q', Command.STOP_STREAM);
        int recognised = 0;
        for (int b = 0; b < 256; b++) {
            Command command = Command.fromByte((byte) b);
            Command expected = commands.get((char) b);
            assertThat(command).as("byte %d", b).isEqualTo(expected);
            if (command != null) {
                recognised++;
                assertThat(command.wire()).isEqualTo((byte) b);
            }
        }
        assertThat(recognised).isEqualTo(5);
    }

    @Test
    void upperCaseQAndBytesThatLookLikeDigitsAfterSignExtensionAreNotCommands() {
        assertThat(Command.fromByte((byte) 'Q')).isNull();
        assertThat(Command.fromByte((byte) ('0' + 0x80))).isNull();
        assertThat(Command.fromByte((byte) ('q' + 0x80))).isNull();
    }
}
