package dev.edgecam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.edgecam.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fMP4 timeline of a live stream whose frames come with jitter and now and then late: decode times never jump
 * (each frame starts where the one before ended, so Media Source Extensions never sees a discontinuity), durations
 * follow the rate the frames really come at, and a frame placed again keeps its place.
 */
class Fmp4TimelineTest {

    private static final long START_MICROS = 1_796_000_000_000_000L;
    private static final int NOMINAL_TICKS = 3000; // 30 fps at 90 kHz
    private static final byte[] SLICE = {0, 0, 0, 1, 0x41, 0}; // a frame's bytes do not matter here

    private final Fmp4Timeline timeline = new Fmp4Timeline();

    @Test
    void lateFramesStartWhereTheFrameBeforeEndedAndTheDurationsStayNearTheFrameInterval() {
        Random jitter = new Random(14);
        List<Frame> frames = new ArrayList<>();
        long capture = START_MICROS;
        for (int i = 1; i <= 300; i++) {
            capture += 33_333 + jitter.nextInt(10_000) - 5_000; // ±5 ms
            if (i == 50) {
                capture += 150_000;
            } else if (i == 100) {
                capture += 400_000;
            } else if (i == 150) {
                capture += 1_000_000; // a camera that stalled for a second
            }
            frames.add(frame(i, capture));
        }

        List<Fmp4Timeline.Placement> places = frames.stream().map(f -> timeline.place(f, NOMINAL_TICKS)).toList();

        assertThat(places.get(0).decodeTime()).as("media time starts at the first capture time")
                .isEqualTo(Fmp4Fragmenter.decodeTime(frames.get(0).captureEpochMicros()));
        for (int i = 1; i < places.size(); i++) {
            Fmp4Timeline.Placement before = places.get(i - 1);
            assertThat(places.get(i).decodeTime()).as("frame %d starts where %d ended", i + 1, i)
                    .isEqualTo(before.decodeTime() + before.durationTicks());
        }
        assertThat(places).extracting(Fmp4Timeline.Placement::durationTicks).as("never more than 2 of 30 fps' 3000")
                .allSatisfy(ticks -> assertThat(ticks).isBetween(2700, 3300));
        assertThat(places.get(151).durationTicks()).as("just after the second's stall")
                .isBetween(3000, 3300);
        assertThat(places.get(299).durationTicks()).as("back to the frame interval").isCloseTo(3000, offset(60));
    }

    @Test
    void theDurationsFollowTheRateTheFramesReallyCome() {
        Fmp4Timeline.Placement last = null;
        for (int i = 1; i <= 200; i++) {
            last = timeline.place(frame(i, START_MICROS + i * 40_000L), NOMINAL_TICKS); // 25 fps, not 30
        }
        assertThat(last.durationTicks()).as("25 fps: 3600 ticks a frame").isCloseTo(3600, offset(40));
        assertThat(timeline.place(frame(201, START_MICROS + 201 * 40_000L), 9000).durationTicks())
                .as("the camera's frame rate changed to 10 fps: near its interval at once").isCloseTo(9000, offset(500));
    }

    @Test
    void aFramePlacedAgainKeepsItsPlace() {
        List<Frame> frames = new ArrayList<>();
        List<Fmp4Timeline.Placement> places = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            frames.add(frame(i, START_MICROS + i * 33_333L + (i == 10 ? 300_000 : 0)));
            places.add(timeline.place(frames.get(i - 1), NOMINAL_TICKS));
        }
        assertThat(timeline.place(frames.get(99), NOMINAL_TICKS)).as("built again for a viewer far behind")
                .isEqualTo(places.get(99));
        assertThat(timeline.place(frames.get(9), NOMINAL_TICKS)).isEqualTo(places.get(9));
    }

    @Test
    void aFrameNobodyPlacedBeforeANewerOneGoesAfterItsPredecessor() {
        Fmp4Timeline.Placement first = timeline.place(frame(1, START_MICROS), NOMINAL_TICKS);
        timeline.place(frame(5, START_MICROS + 4 * 33_333L), NOMINAL_TICKS); // a viewer skipped to a newer keyframe
        Fmp4Timeline.Placement second = timeline.place(frame(2, START_MICROS + 33_333L), NOMINAL_TICKS);

        assertThat(second.decodeTime()).as("a viewer still reading the older frames: no jump for it")
                .isEqualTo(first.decodeTime() + first.durationTicks());
    }

    @Test
    void sequencesThatStartAgainGoOnAfterTheNewestFrame() {
        Fmp4Timeline.Placement before = null;
        for (int i = 1; i <= 50; i++) {
            before = timeline.place(frame(i, START_MICROS + i * 33_333L), NOMINAL_TICKS);
        }
        Fmp4Timeline.Placement restarted = timeline.place(frame(1, START_MICROS + 60 * 33_333L), NOMINAL_TICKS);

        assertThat(restarted.decodeTime()).as("a new capture loop counts from 1 again, the timeline goes on")
                .isEqualTo(before.decodeTime() + before.durationTicks());
        assertThat(timeline.place(frame(2, START_MICROS + 61 * 33_333L), NOMINAL_TICKS).decodeTime())
                .isEqualTo(restarted.decodeTime() + restarted.durationTicks());
    }

    private static Frame frame(long sequence, long captureMicros) {
        return Frame.h264(sequence, 0, captureMicros, 1280, 720, false, SLICE);
    }
}
