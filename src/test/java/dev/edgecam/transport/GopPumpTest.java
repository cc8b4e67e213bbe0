package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import dev.edgecam.testing.H264Units;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GOP pump on an in-memory channel whose writes the test completes when it likes (a client that stops reading):
 * which frames a client gets, in which order, and what is counted.
 */
@Timeout(30)
class GopPumpTest {

    private final HeldWrites socket = new HeldWrites();
    private final EmbeddedChannel channel = new EmbeddedChannel(socket);
    private final ClientInfo client = new ClientInfo(TransportKind.HTTP, "127.0.0.1:1");
    private GopHub hub = new GopHub(GopHub.Limits.DEFAULT);
    private GopPump pump = new GopPump(channel, hub, client, frame -> frame);
    private long sequence;

    @AfterEach
    void close() {
        pump.stop();
        channel.finishAndReleaseAll();
    }

    @Test
    void aViewerGetsTheGopSoFarAtOnceThenEveryFrameInOrder() {
        publish("KPKP");

        pump.start();

        assertThat(written()).containsExactly(3L, 4L);
        publish("PKP");
        assertThat(written()).containsExactly(5L, 6L, 7L);
        assertThat(client.framesSent()).isEqualTo(5);
        assertThat(client.framesSkipped()).isZero();
        assertThat(hub.listenerCount()).as("the viewer is the rendition's demand").isEqualTo(1);
    }

    @Test
    void aViewerThatStopsReadingResumesAtTheNextKeyframeWithItsSkipsCounted() {
        pump.start();
        publish("K");
        socket.holding = true;
        publish("P"); // 2 is written, but the client does not read it
        publish("PPPP");

        publish("KP");
        assertThat(written()).as("nothing more while the write of 2 is in flight").containsExactly(1L, 2L);
        socket.release();

        assertThat(written()).as("3..6 left with their GOP; never a P-frame after the gap").containsExactly(7L, 8L);
        assertThat(client.framesSkipped()).isEqualTo(4);
        assertThat(client.framesSent()).isEqualTo(4);
    }

    @Test
    void aViewerFurtherBehindThanTheBufferWaitsForTheNextKeyframe() {
        hub = new GopHub(new GopHub.Limits(3, 1L << 20));
        pump = new GopPump(channel, hub, client, frame -> frame);
        pump.start();
        publish("KP");
        socket.holding = true;
        publish("PPPPP"); // 3 is in flight; 4.. outgrow the 3-frame buffer with the GOP
        socket.release();

        assertThat(written()).containsExactly(1L, 2L, 3L);
        publish("P");
        assertThat(written()).isEmpty();
        publish("KP");
        assertThat(written()).containsExactly(9L, 10L);
        assertThat(client.framesSkipped()).as("4..8").isEqualTo(5);
    }

    @Test
    void aFailedWriteClosesTheChannelAndStopEndsTheDemand() {
        pump.start();
        socket.holding = true;
        publish("K");
        socket.fail();

        assertThat(channel.isActive()).isFalse();
        pump.stop();
        pump.stop();
        assertThat(hub.hasDemand()).isFalse();
    }

    /** K: a keyframe; P: a P-frame. Runs the wake-ups it queued. */
    private void publish(String kinds) {
        for (char kind : kinds.toCharArray()) {
            hub.publish(H264Units.frame(++sequence, kind == 'K', 10));
            channel.runPendingTasks();
        }
    }

    /** The sequences written since the last call. */
    private List<Long> written() {
        channel.runPendingTasks();
        List<Long> sequences = new ArrayList<>();
        for (Frame frame = channel.readOutbound(); frame != null; frame = channel.readOutbound()) {
            sequences.add(frame.sequence());
        }
        return sequences;
    }

    /** Stands in for the socket: while holding, writes are accepted but not completed until released. */
    private final class HeldWrites extends ChannelOutboundHandlerAdapter {

        boolean holding;
        private final Deque<ChannelPromise> held = new ArrayDeque<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (holding) {
                ctx.write(msg);
                held.add(promise);
            } else {
                ctx.write(msg, promise);
            }
        }

        void release() {
            holding = false;
            while (!held.isEmpty()) {
                held.poll().setSuccess();
            }
            channel.runPendingTasks();
        }

        void fail() {
            while (!held.isEmpty()) {
                held.poll().setFailure(new java.io.IOException("connection reset"));
            }
            channel.runPendingTasks();
        }
    }
}
