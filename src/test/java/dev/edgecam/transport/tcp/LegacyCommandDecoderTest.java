package dev.edgecam.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LegacyCommandDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new LegacyCommandDecoder());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void coalescedBytesBecomeOneCommandEach() {
        channel.writeInbound(ascii("30"));

        assertThat(commands()).containsExactly(Command.START_STREAM, Command.REQUEST_FRAME);
    }

    @Test
    void everyCommandInOneRead() {
        channel.writeInbound(ascii("01q32"));

        assertThat(commands()).containsExactly(Command.REQUEST_FRAME, Command.CONFIRM, Command.STOP_STREAM,
                Command.START_STREAM, Command.END_SESSION);
    }

    @Test
    void bytesArrivingOneByOneGiveTheSameCommands() {
        for (char c : "3q0".toCharArray()) {
            channel.writeInbound(ascii(String.valueOf(c)));
        }

        assertThat(commands()).containsExactly(Command.START_STREAM, Command.STOP_STREAM, Command.REQUEST_FRAME);
    }

    @Test
    void typingIntoNcAndGarbageAreIgnored() {
        channel.writeInbound(ascii("0\r\n"));
        channel.writeInbound(ascii("  3 \n"));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, (byte) 0xFF, (byte) 0xB0, 'Q', 'x', 'q'}));

        assertThat(commands()).containsExactly(Command.REQUEST_FRAME, Command.START_STREAM, Command.STOP_STREAM);
    }

    @Test
    void everyNonCommandByteIsDroppedAndTheBuffersAreReleased() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ByteBuf buffer = Unpooled.wrappedBuffer(all);
        channel.writeInbound(buffer);

        assertThat(commands()).containsExactly(Command.REQUEST_FRAME, Command.CONFIRM, Command.END_SESSION,
                Command.START_STREAM, Command.STOP_STREAM);
        assertThat(buffer.refCnt()).isZero();
    }

    private List<Command> commands() {
        List<Command> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add((Command) message);
        }
        return out;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
