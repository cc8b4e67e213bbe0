package dev.edgecam.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.wire.legacy.LegacyFrameReader;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.wire.legacy.LegacyProtocol.Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import net.jqwik.api.ForAll;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.slf4j.LoggerFactory;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of the legacy command parser and session: any bytes, cut anywhere, with frames
 * published in between. Each try is bounded in time ({@link #TRY_LIMIT}); the number of tries is fixed.
 */
class LegacyCommandFuzzTest {

    private static final Duration TRY_LIMIT = Duration.ofSeconds(5);
    /** Thousands of sessions join and leave here: their log lines would drown the build's output. */
    private static final Logger REGISTRY_LOG = (Logger) LoggerFactory.getLogger(ClientRegistry.class);
    private Level registryLevel;

    @BeforeProperty
    void quietRegistry() {
        registryLevel = REGISTRY_LOG.getLevel();
        REGISTRY_LOG.setLevel(Level.WARN);
    }

    @AfterProperty
    void restoreRegistry() {
        REGISTRY_LOG.setLevel(registryLevel);
    }

    @Property(tries = 300)
    void everyByteIsOneCommandOrNothingHoweverTheStreamIsCut(@ForAll @Size(max = 512) byte[] bytes,
                                                               @ForAll @IntRange(min = 1, max = 64) int chunk) {
        assertTimeoutPreemptively(TRY_LIMIT, () -> {
            EmbeddedChannel channel = new EmbeddedChannel(new LegacyCommandDecoder());
            List<ByteBuf> written = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += chunk) {
                ByteBuf piece = Unpooled.copiedBuffer(bytes, at, Math.min(chunk, bytes.length - at));
                written.add(piece);
                channel.writeInbound(piece);
            }
            List<Command> expected = new ArrayList<>();
            for (byte b : bytes) {
                Command command = Command.fromByte(b);
                if (command != null) {
                    expected.add(command);
                }
            }
            List<Object> decoded = new ArrayList<>();
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                decoded.add(msg);
            }
            assertThat(decoded).containsExactlyElementsOf(expected);
            assertThat(written).allMatch(piece -> piece.refCnt() == 0, "every buffer released");
            assertThat(channel.finish()).as("nothing left over").isFalse();
        });
    }

    @Property(tries = 200)
    void aSessionFedAnyBytesWritesOnlyWholeFramesItWasGiven(@ForAll @Size(max = 200) byte[] bytes,
                                                           @ForAll @IntRange(min = 1, max = 16) int chunk) {
        assertTimeoutPreemptively(TRY_LIMIT, () -> {
            FrameHub hub = new FrameHub();
            ClientRegistry registry = new ClientRegistry();
            EmbeddedChannel channel = new EmbeddedChannel(new LegacyCommandDecoder(), new LegacySessionHandler(hub, registry, LegacySessionHandler.sharedFrames()));
            Set<String> published = new HashSet<>();
            long sequence = 0;
            for (int at = 0; at < bytes.length && channel.isActive(); at += chunk) {
                channel.writeInbound(Unpooled.copiedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
                byte[] jpeg = ("jpeg-" + (++sequence)).getBytes();
                published.add(Arrays.toString(jpeg));
                hub.publish(new Frame(sequence, System.nanoTime(), 0, 1, 1, jpeg));
                channel.runPendingTasks();
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
                byte[] copy = new byte[out.readableBytes()];
                out.readBytes(copy);
                out.release();
                wire.writeBytes(copy);
            }
            // Whatever was written parses as length + payload frames, each one the hub published.
            LegacyFrameReader reader = new LegacyFrameReader(new ByteArrayInputStream(wire.toByteArray()), 1024);
            for (byte[] frame; (frame = reader.readFrame()) != null; ) {
                assertThat(published).contains(Arrays.toString(frame));
            }
            channel.finishAndReleaseAll();
            assertThat(registry.count()).as("the session left the registry when the channel closed").isZero();
            assertThat(hub.hasDemand()).as("no subscription outlives the session").isFalse();
        });
    }

    @Property(tries = 100)
    void singleFrameRequestsAreBoundedWhateverTheClientSends(@ForAll @IntRange(min = 1, max = 5000) int zeros) {
        FrameHub hub = new FrameHub();
        EmbeddedChannel channel = new EmbeddedChannel(new LegacyCommandDecoder(), new LegacySessionHandler(hub, new ClientRegistry(), LegacySessionHandler.sharedFrames()));
        byte[] requests = new byte[zeros];
        Arrays.fill(requests, LegacyProtocol.Command.REQUEST_FRAME.wire());
        channel.writeInbound(Unpooled.wrappedBuffer(requests));
        int sent = 0;
        for (long seq = 1; seq <= LegacySessionHandler.MAX_OWED_SINGLE_FRAMES + 5; seq++) {
            hub.publish(new Frame(seq, System.nanoTime(), 0, 1, 1, new byte[] {1}));
            channel.runPendingTasks();
            for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(Math.min(zeros, LegacySessionHandler.MAX_OWED_SINGLE_FRAMES));
        channel.finishAndReleaseAll();
    }
}
