package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.wire.legacy.LegacyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedFrameBuffersTest {

    private final SharedFrameBuffers buffers = new SharedFrameBuffers(new SharedFrameBuffers.Framing() {
        @Override
        public byte[] prefix(Frame frame) {
            return LegacyProtocol.header(frame.size());
        }

        @Override
        public byte[] suffix(Frame frame) {
            return "\r\n".getBytes(StandardCharsets.US_ASCII);
        }
    });

    @AfterEach
    void close() {
        buffers.close();
    }

    @Test
    void clientsOfOneFrameShareOneDirectCopyWithTheFraming() {
        Frame frame = frame(1, "jpeg-one");
        ByteBuf first = buffers.retainedMessage(frame);
        ByteBuf second = buffers.retainedMessage(frame);

        assertThat(first.isDirect()).isTrue();
        assertThat(bytes(first)).isEqualTo(expected(frame));
        assertThat(bytes(second)).isEqualTo(expected(frame));
        assertThat(second.unwrap()).isSameAs(first.unwrap());
        second.skipBytes(4);
        assertThat(first.readerIndex()).as("each write has its own reader index").isZero();
        first.release();
        second.release();
        assertThat(first.unwrap().refCnt()).as("the cache still holds the newest frame").isEqualTo(1);
    }

    @Test
    void aNewerFrameFreesTheOlderOnceItsWritesAreDone() {
        ByteBuf old = buffers.retainedMessage(frame(1, "old"));
        ByteBuf newer = buffers.retainedMessage(frame(2, "newer"));

        assertThat(old.unwrap().refCnt()).as("only the write in flight holds it now").isEqualTo(1);
        assertThat(bytes(old)).isEqualTo(expected(frame(1, "old")));
        old.release();
        assertThat(old.unwrap().refCnt()).isZero();
        newer.release();
        assertThat(newer.unwrap().refCnt()).isEqualTo(1);
        buffers.close();
        assertThat(newer.unwrap().refCnt()).isZero();
    }

    @Test
    void aLateWriterOfAnOlderFrameGetsItsOwnCopy() {
        Frame older = frame(1, "older");
        ByteBuf newest = buffers.retainedMessage(frame(5, "newest"));
        ByteBuf late = buffers.retainedMessage(older);

        assertThat(bytes(late)).isEqualTo(expected(older));
        assertThat(late.refCnt()).isEqualTo(1);
        late.release();
        assertThat(newest.unwrap().refCnt()).isEqualTo(2);
        newest.release();
    }

    @Test
    void manyThreadsWritingWhileFramesChangeAlwaysSeeWholeFrames() throws Exception {
        AtomicReference<Frame> latest = new AtomicReference<>(frame(1, "frame-1"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 20_000; i++) {
                        Frame frame = latest.get();
                        ByteBuf message = buffers.retainedMessage(frame);
                        try {
                            if (!java.util.Arrays.equals(bytes(message), expected(frame))) {
                                throw new AssertionError("wrong bytes for " + frame);
                            }
                            checked++;
                        } finally {
                            message.release();
                        }
                    }
                    return checked;
                }));
            }
            Future<?> camera = pool.submit(() -> {
                for (int seq = 2; seq <= 2_000; seq++) {
                    latest.set(frame(seq, "frame-" + seq));
                }
            });
            camera.get(20, TimeUnit.SECONDS);
            for (Future<Integer> writer : writers) {
                assertThat(writer.get(20, TimeUnit.SECONDS)).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Frame frame(long sequence, String content) {
        return new Frame(sequence, sequence, sequence, 16, 16, content.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] expected(Frame frame) {
        byte[] header = LegacyProtocol.header(frame.size());
        byte[] all = new byte[header.length + frame.size() + 2];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(frame.jpeg(), 0, all, header.length, frame.size());
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return all;
    }

    private static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf, buf.readerIndex(), buf.readableBytes());
    }
}
