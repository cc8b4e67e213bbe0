package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264TestStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Motion mode's clips on real H.264 (a keyframe every second): a clip starts at the keyframe at least {@code pre}
 * before the motion, holds every frame from there, and ends {@code post} after the motion; nothing outside.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClipGateTest {

    @Test
    void aClipRunsFromAKeyframePreBeforeTheMotionToPostAfterIt() throws Exception {
        List<byte[]> units = H264TestStream.accessUnits();
        AtomicBoolean motion = new AtomicBoolean();
        ClipGate gate = new ClipGate(1_500_000, 2_000_000, motion::get);
        List<Frame> written = new ArrayList<>();
        long frameMicros = 1_000_000 / H264TestStream.FPS;
        for (int i = 0; i < 360; i++) {
            byte[] unit = units.get(i % units.size());
            long micros = 1_000_000_000L + i * frameMicros;
            motion.set(i >= 150 && i < 180); // motion from 5.0 s to 6.0 s
            written.addAll(gate.take(Frame.h264(i + 1, 0, micros, H264TestStream.WIDTH, H264TestStream.HEIGHT,
                    H264TestStream.isKeyframe(unit), unit)));
        }
        assertThat(written.get(0).keyframe()).isTrue();
        long motionStart = 1_000_000_000L + 150 * frameMicros;
        long motionEnd = 1_000_000_000L + 179 * frameMicros;
        long firstMicros = written.get(0).captureEpochMicros();
        assertThat(motionStart - firstMicros).as("pre").isBetween(1_500_000L, 2_500_000L);
        long lastMicros = written.get(written.size() - 1).captureEpochMicros();
        assertThat(lastMicros - motionEnd).as("post").isBetween(1_900_000L, 2_000_000L);
        for (int i = 1; i < written.size(); i++) {
            assertThat(written.get(i).sequence()).as("every frame of the clip").isEqualTo(written.get(i - 1).sequence() + 1);
        }
        assertThat(gate.open()).isFalse();
    }
}
