package dev.edgecam.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264TestStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Motion mode's clips on real H.264 (a keyframe every second): a clip starts at the keyframe at least {@code pre}
 * before the motion, holds every frame from there, and ends {@code post} after the motion's event ended; nothing
 * outside, however far behind the detector the recorder is.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClipGateTest {

    private static final long FRAME_MICROS = 1_000_000 / H264TestStream.FPS;
    private static final long ZERO_MICROS = 1_000_000_000L;
    /** Motion from frame 150 (5.0 s) until the picture of frame 180 ends its event. */
    private static final int MOTION_FROM = 150;
    private static final int MOTION_ENDED_AT = 180;

    @Test
    void aClipRunsFromAKeyframePreBeforeTheMotionToPostAfterIt() throws Exception {
        List<Frame> written = run(0);
        long firstMicros = written.get(0).captureEpochMicros();
        assertThat(micros(MOTION_FROM) - firstMicros).as("pre").isBetween(1_500_000L, 2_500_000L);
        long lastMicros = written.get(written.size() - 1).captureEpochMicros();
        assertThat(lastMicros - micros(MOTION_ENDED_AT)).as("post").isBetween(1_900_000L, 2_000_000L);
    }

    @Test
    void framesThatWaitedInTheQueueAreJudgedByWhenTheyWereTaken() throws Exception {
        // The recorder is 2 s behind the detector (a slow disk held its queue): when it takes the motion's frames, the
        // event has already ended. The clip still holds all of them and ends post after the event, by capture times.
        List<Frame> written = run(60);
        long firstMicros = written.get(0).captureEpochMicros();
        assertThat(firstMicros).as("from before the motion").isLessThanOrEqualTo(micros(MOTION_FROM) - 1_500_000L);
        long lastMicros = written.get(written.size() - 1).captureEpochMicros();
        assertThat(lastMicros - micros(MOTION_ENDED_AT)).as("post").isBetween(1_900_000L, 2_000_000L);
    }

    /**
     * 360 frames of real H.264 (a keyframe a second) through a gate with pre 1.5 s and post 2 s; the detector has seen
     * {@code detectorAhead} frames more than the recorder when it takes each one. Returns what the gate let through,
     * checked to be one clip from a keyframe, every frame in order.
     */
    private static List<Frame> run(int detectorAhead) throws Exception {
        List<byte[]> units = H264TestStream.accessUnits();
        AtomicLong motionUntil = new AtomicLong(CameraRecorder.MotionClips.NEVER);
        ClipGate gate = new ClipGate(1_500_000, 2_000_000, motionUntil::get);
        List<Frame> written = new ArrayList<>();
        for (int i = 0; i < 360; i++) {
            int seen = i + detectorAhead;
            motionUntil.set(seen < MOTION_FROM ? CameraRecorder.MotionClips.NEVER
                    : seen < MOTION_ENDED_AT ? CameraRecorder.MotionClips.ONGOING : micros(MOTION_ENDED_AT));
            byte[] unit = units.get(i % units.size());
            written.addAll(gate.take(Frame.h264(i + 1, 0, micros(i), H264TestStream.WIDTH, H264TestStream.HEIGHT,
                    H264TestStream.isKeyframe(unit), unit)));
        }
        assertThat(written.get(0).keyframe()).isTrue();
        for (int i = 1; i < written.size(); i++) {
            assertThat(written.get(i).sequence()).as("every frame of the clip").isEqualTo(written.get(i - 1).sequence() + 1);
        }
        assertThat(gate.open()).isFalse();
        return written;
    }

    private static long micros(int frame) {
        return ZERO_MICROS + frame * FRAME_MICROS;
    }
}
