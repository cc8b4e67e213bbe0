package dev.edgecam.client.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.client.receive.ClientOptions;
import dev.edgecam.client.receive.FrameReceiver;
import dev.edgecam.client.receive.LegacyEndpoint;
import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.media.MjpegFileRecorder;
import dev.edgecam.media.RecordingFormat;
import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.ServedFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A recording of a real edgecam server's stream, decoded back with FFmpeg. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingLoopTest {

    @TempDir
    Path dir;

    @Test
    void recordingHasTheFramesSizeAndRealDurationOfWhatWasReceived() throws Exception {
        Path file = dir.resolve("live.mkv");
        List<ReceivedFrame> received = new ArrayList<>();
        try (ServedFrames server = ServedFrames.start(320, 240, 30, 0);
             FrameReceiver stream = new LegacyEndpoint("127.0.0.1", server.port(), ClientOptions.defaults()).openStream();
             MjpegFileRecorder recorder = new MjpegFileRecorder(file, RecordingFormat.MKV)) {
            FrameReceiver watched = new FrameReceiver() {
                @Override
                public ReceivedFrame next() throws IOException {
                    ReceivedFrame frame = stream.next();
                    received.add(frame);
                    return frame;
                }

                @Override
                public String describe() {
                    return stream.describe();
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
            String ending = new RecordingLoop(watched, recorder, RecordingLimits.frames(45), r -> { }).run();
            assertThat(ending).isEqualTo("recorded 45 frames");
        }

        Recordings decoded = Recordings.decode(file);
        assertThat(decoded.frames()).isEqualTo(45);
        assertThat(decoded.width()).isEqualTo(320);
        assertThat(decoded.height()).isEqualTo(240);
        long firstMicros = received.get(0).timelineMicros();
        long lastMicros = received.get(44).timelineMicros();
        long lastIntervalMicros = lastMicros - received.get(43).timelineMicros();
        // Real timing: the last frame sits where it arrived, and the file lasts until the end of that frame.
        assertThat(decoded.lastTimestampMicros()).isCloseTo(lastMicros - firstMicros, Offset.offset(2_000L));
        assertThat(decoded.lengthMicros()).isCloseTo(lastMicros - firstMicros + lastIntervalMicros,
                Offset.offset(Math.max(lastIntervalMicros, 2_000L)));
    }

    /**
     * A stream that sends nothing ends at the duration, and says so. The deadline timer runs on the wall clock to the
     * millisecond, so it can fire a little before {@code System.nanoTime()} reaches the deadline (about one time in
     * fifteen here, measured): the reason must still be the duration, never "stopped" (that is Ctrl-C's).
     */
    @Test
    void aStalledStreamEndsAtTheDurationWithThatReasonEveryTime() throws Exception {
        for (int i = 0; i < 40; i++) {
            Path file = dir.resolve("stalled-" + i + ".mkv");
            try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, RecordingFormat.MKV)) {
                String ending = new RecordingLoop(new SilentReceiver(), recorder,
                        RecordingLimits.duration(Duration.ofMillis(20)), r -> { }).run();
                assertThat(ending).as("recording %d", i).isEqualTo("reached the duration");
            }
        }
    }

    /** A connected stream that sends no frame: {@link #next()} blocks until {@link #close()}. */
    private static final class SilentReceiver implements FrameReceiver {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public ReceivedFrame next() throws IOException {
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public String describe() {
            return "a silent stream";
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
