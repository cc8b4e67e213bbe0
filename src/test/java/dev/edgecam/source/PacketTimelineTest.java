package dev.edgecam.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A passed-through stream with B-frames keeps its own spacing on the wall clock, however its packets arrive, and its
 * pictures are presented in display order.
 */
class PacketTimelineTest {

    private static final long FRAME_MICROS = 40_000; // 25 fps
    private static final long START_EPOCH_MICROS = 1_700_000_000_000_000L;

    /** One packet as FFmpeg's RTSP demuxer gives it, and where the timeline put it. */
    private record Placed(long pts, long decode, long presentation) {
    }

    @Test
    void bFramesSentInBurstsArePresentedInDisplayOrderAtTheirOwnSpacing() {
        PacketTimeline timeline = new PacketTimeline();
        List<Placed> placed = new ArrayList<>();
        long lastDecode = Long.MIN_VALUE;
        // Decode order I0 P3 B1 B2 P6 B4 B5 ...; DTS one frame behind the display order (FFmpeg's); each P-frame and
        // the two B-frames shown before it come in one burst, when the P-frame is due, 0-3 ms apart.
        for (int k = 0; k < 3 * 40 + 1; k++) {
            int display = k == 0 ? 0 : (k % 3 == 1 ? k + 2 : k - 1);
            long pts = display * FRAME_MICROS;
            long dts = (k - 1) * FRAME_MICROS;
            long burstAt = k == 0 ? 0 : ((k - 1) / 3 * 3 + 3) * FRAME_MICROS;
            long arrival = START_EPOCH_MICROS + burstAt + (k % 3) * 1_500;
            PacketTimeline.Stamp stamp = timeline.stamp(pts, dts, arrival);
            assertThat(stamp.decodeEpochMicros()).as("decode times increase").isGreaterThan(lastDecode);
            lastDecode = stamp.decodeEpochMicros();
            placed.add(new Placed(pts, stamp.decodeEpochMicros(), stamp.decodeEpochMicros() + stamp.presentationOffsetMicros()));
        }
        List<Placed> shown = placed.stream().sorted(Comparator.comparingLong(Placed::pts)).toList();
        for (int i = 1; i < shown.size(); i++) {
            long step = shown.get(i).presentation() - shown.get(i - 1).presentation();
            assertThat(step).as("presentation step before picture %d", i).isBetween(FRAME_MICROS - 500, FRAME_MICROS + 500);
        }
        assertThat(Math.abs(shown.get(shown.size() - 1).decode() - (START_EPOCH_MICROS + 120 * FRAME_MICROS)))
                .as("still near the arrival times").isLessThan(100_000);
    }

    @Test
    void withoutDecodeTimestampsAPacketGetsItsArrivalAndNoOffset() {
        PacketTimeline timeline = new PacketTimeline();
        PacketTimeline.Stamp first = timeline.stamp(PacketTimeline.UNKNOWN, PacketTimeline.UNKNOWN, START_EPOCH_MICROS);
        PacketTimeline.Stamp second = timeline.stamp(120_000, PacketTimeline.UNKNOWN, START_EPOCH_MICROS + 5_000);
        assertThat(first).isEqualTo(new PacketTimeline.Stamp(START_EPOCH_MICROS, 0));
        assertThat(second).isEqualTo(new PacketTimeline.Stamp(START_EPOCH_MICROS + 5_000, 0));
    }

    @Test
    void aStreamWhoseTimeJumpsIsAnchoredAfreshAndNeverGoesBack() {
        PacketTimeline timeline = new PacketTimeline();
        long decode = 0;
        for (int i = 0; i < 10; i++) {
            decode = timeline.stamp(i * FRAME_MICROS, i * FRAME_MICROS, START_EPOCH_MICROS + i * FRAME_MICROS).decodeEpochMicros();
        }
        // The camera restarted: its clock starts again at 0.
        PacketTimeline.Stamp back = timeline.stamp(0, 0, START_EPOCH_MICROS + 10 * FRAME_MICROS);
        assertThat(back.decodeEpochMicros()).isEqualTo(START_EPOCH_MICROS + 10 * FRAME_MICROS);
        assertThat(back.decodeEpochMicros()).isGreaterThan(decode);
        // Its clock jumps 5 s ahead: anchored at the arrival again, not 5 s in the future.
        PacketTimeline.Stamp ahead = timeline.stamp(5_000_000, 5_000_000, START_EPOCH_MICROS + 11 * FRAME_MICROS);
        assertThat(ahead.decodeEpochMicros()).isEqualTo(START_EPOCH_MICROS + 11 * FRAME_MICROS);
    }
}
