package dev.edgecam.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientInfo;
import dev.edgecam.transport.ClientMode;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.TransportKind;
import dev.edgecam.wire.legacy.LegacyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The legacy session in memory: the test publishes frames to a hub and reads exactly what the session writes.
 * {@link io.netty.channel.embedded.EmbeddedChannel} runs the pump's wake-ups only when asked, so each step
 * runs the pending tasks first.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LegacySessionHandlerTest {

    private final FrameHub hub = new FrameHub();
    private final ClientRegistry registry = new ClientRegistry();
    private final HoldingWrites writes = new HoldingWrites();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(writes, new LegacyCommandDecoder(), new LegacySessionHandler(hub, registry, LegacySessionHandler.sharedFrames()));
    private long sequence;

    @AfterEach
    void close() {
        writes.releaseAll();
        channel.finishAndReleaseAll();
    }

    @Test
    void joinsTheRegistryIdleAndWantsNoFrames() {
        assertThat(registry.count(TransportKind.TCP)).isEqualTo(1);
        assertThat(client().mode()).isEqualTo(ClientMode.IDLE);
        assertThat(hub.hasDemand()).isFalse();
    }

    @Test
    void zeroIsAnsweredWithExactlyOneFrameCapturedAfterIt() {
        publish(); // already there when the client asks: too old
        send("0");
        assertThat(hub.hasDemand()).isTrue();
        assertThat(sent()).isEmpty();

        Frame fresh = publish();
        publish();

        assertThat(sent()).containsExactly(framed(fresh));
        assertThat(hub.hasDemand()).as("nothing owed any more").isFalse();
        assertThat(client().framesSent()).isEqualTo(1);
    }

    @Test
    void aFrameCapturedBeforeTheRequestIsNotTheAnswerEvenIfPublishedAfterIt() {
        long capturedEarlier = System.nanoTime();
        send("0");
        Frame stale = new Frame(++sequence, capturedEarlier, 0, 16, 16, jpeg(sequence));
        hub.publish(stale);
        channel.runPendingTasks();
        assertThat(sent()).isEmpty();

        Frame fresh = publish();
        assertThat(sent()).containsExactly(framed(fresh));
    }

    @Test
    void twoZerosInOneReadGetTwoDifferentFrames() {
        send("00");
        Frame first = publish();
        Frame second = publish();
        publish();

        assertThat(sent()).containsExactly(framed(first), framed(second));
    }

    @Test
    void confirmationIsAcceptedAndOptional() {
        send("1");
        publish();
        assertThat(sent()).isEmpty();

        send("0");
        Frame answer = publish();
        send("1");
        publish();
        assertThat(sent()).containsExactly(framed(answer));
    }

    @Test
    void streamModeSendsEveryNewFrameOnceUntilQ() {
        // No frame before the 3: whether a stream starts with the current frame depends on its age (FramePumpTest).
        send("3");
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(framed(publish()));
        }
        assertThat(sent()).containsExactlyElementsOf(expected);
        assertThat(client().mode()).isEqualTo(ClientMode.STREAM);

        send("q");
        publish();
        assertThat(sent()).isEmpty();
        assertThat(hub.hasDemand()).isFalse();
        assertThat(client().framesSkipped()).isZero();
    }

    @Test
    void coalescedStreamAndRequestStreamsWithoutDuplicates() {
        send("30");
        Frame a = publish();
        Frame b = publish();

        assertThat(sent()).containsExactly(framed(a), framed(b));
    }

    @Test
    void zeroInStreamModeHasNoEffect() {
        send("3");
        Frame a = publish();
        send("000");
        Frame b = publish();
        send("q");
        publish();

        assertThat(sent()).containsExactly(framed(a), framed(b));
    }

    @Test
    void garbageBetweenCommandsIsIgnoredAndNothingUnframedIsWritten() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'x', '\r', '\n', ' ', 0, (byte) 0xFF, '0', '?'}));
        channel.runPendingTasks();
        Frame answer = publish();

        assertThat(sent()).containsExactly(framed(answer));
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aSlowClientSkipsToTheNewestFrameAndTheSkipsAreCountedWhileItStalls() {
        send("3");
        writes.hold();
        Frame first = publish();
        publish();
        publish();
        assertThat(client().framesSkipped()).as("counted while the first write is still pending").isEqualTo(1);
        Frame newest = publish();
        assertThat(writes.held()).containsExactly(framed(first));
        assertThat(client().framesSkipped()).isEqualTo(2);

        writes.releaseOne();
        channel.runPendingTasks();

        assertThat(writes.held()).containsExactly(framed(newest));
        assertThat(client().framesSkipped()).isEqualTo(2);
    }

    @Test
    void twoEndsOnlyThisSessionAndLeavesTheRegistry() {
        send("3");
        publish();
        sent();
        send("2");

        assertThat(channel.isOpen()).isFalse();
        assertThat(hub.hasDemand()).isFalse();
        assertThat(registry.count()).isZero();
    }

    @Test
    void twoLetsAFrameBeingWrittenFinishBeforeClosingAndIgnoresWhatFollows() {
        send("3");
        writes.hold();
        Frame inFlight = publish();
        send("23");
        assertThat(hub.hasDemand()).as("no new frames after 2").isFalse();
        assertThat(channel.isOpen()).as("still finishing the frame on the wire").isTrue();
        publish();

        writes.releaseAll();
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(writes.released).containsExactly(framed(inFlight));
        assertThat(hub.hasDemand()).isFalse();
    }

    @Test
    void serverShutdownEndsTheSessionAfterTheFrameOnItsWay() {
        send("3");
        writes.hold();
        Frame inFlight = publish();

        channel.pipeline().fireUserEventTriggered(LegacySessionHandler.SERVER_CLOSING);
        publish();
        assertThat(hub.hasDemand()).isFalse();
        assertThat(channel.isOpen()).isTrue();

        writes.releaseAll();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(writes.released).containsExactly(framed(inFlight));
    }

    @Test
    void disconnectingWhileStreamingStopsFollowingTheHub() {
        send("3");
        assertThat(hub.hasDemand()).isTrue();

        channel.close();

        assertThat(hub.hasDemand()).isFalse();
        assertThat(registry.count()).isZero();
    }

    private Frame publish() {
        Frame frame = new Frame(++sequence, System.nanoTime(), sequence * 1000, 16, 16, jpeg(sequence));
        hub.publish(frame);
        channel.runPendingTasks();
        return frame;
    }

    private void send(String commands) {
        channel.writeInbound(Unpooled.copiedBuffer(commands, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
    }

    private ClientInfo client() {
        return registry.clients().isEmpty() ? null : registry.clients().get(0);
    }

    /** What reached the wire since the last call, one element per write. */
    private List<byte[]> sent() {
        channel.runPendingTasks();
        List<byte[]> out = new ArrayList<>();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            try {
                if (buf.isReadable()) {
                    out.add(ByteBufUtil.getBytes(buf));
                }
            } finally {
                buf.release();
            }
        }
        return out;
    }

    private static byte[] jpeg(long seq) {
        // Not a real JPEG: the session never looks inside; each frame's bytes are distinct.
        return ("jpeg #" + seq).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] framed(Frame frame) {
        byte[] out = new byte[LegacyProtocol.HEADER_BYTES + frame.size()];
        System.arraycopy(LegacyProtocol.header(frame.size()), 0, out, 0, LegacyProtocol.HEADER_BYTES);
        System.arraycopy(frame.jpeg(), 0, out, LegacyProtocol.HEADER_BYTES, frame.size());
        return out;
    }

    /** Holds writes, when told to, as a socket does while its peer is not reading. */
    private static final class HoldingWrites extends ChannelOutboundHandlerAdapter {
        private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
        final List<byte[]> released = new ArrayList<>();
        private boolean holding;
        private ChannelHandlerContext context;

        void hold() {
            holding = true;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            context = ctx;
            if (holding) {
                pending.add(new Object[] {msg, promise});
            } else {
                ctx.write(msg, promise);
            }
        }

        List<byte[]> held() {
            List<byte[]> out = new ArrayList<>();
            for (Object[] write : pending) {
                ByteBuf buf = (ByteBuf) write[0];
                if (buf.isReadable()) {
                    out.add(ByteBufUtil.getBytes(buf));
                }
            }
            return out;
        }

        void releaseOne() {
            Object[] write = pending.poll();
            ByteBuf buf = (ByteBuf) write[0];
            if (buf.isReadable()) {
                released.add(ByteBufUtil.getBytes(buf));
            }
            buf.release();
            ((ChannelPromise) write[1]).setSuccess();
        }

        void releaseAll() {
            holding = false;
            while (!pending.isEmpty()) {
                releaseOne();
            }
            if (context != null) {
                context.flush();
            }
        }
    }
}
