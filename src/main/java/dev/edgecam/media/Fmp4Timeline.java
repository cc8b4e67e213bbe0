package dev.edgecam.media;

import dev.edgecam.frame.Frame;
import java.util.Arrays;

/**
 * Where each frame of one live H.264 stream sits on its fMP4 timeline ({@link Fmp4Fragmenter#TIMESCALE}): decode
 * times that never jump. Each frame starts where the frame before it ends, and lasts the stream's frame interval as
 * measured so far, however late it came.
 *
 * <p>Why: Media Source Extensions' coded frame processing (W3C MSE, the discontinuity step) takes a decode time more
 * than twice the last sample's duration after the last one for a discontinuity, and then drops every frame up to the
 * next keyframe. With capture times as decode times, one frame late by more than two intervals (capture jitter on a
 * busy board, a camera that stalls) froze MSE viewers for the rest of the GOP. Here the time a late frame lost is
 * simply not on the timeline: the player waits at the end of its buffer, then plays the late frame and goes on. The
 * real capture time travels beside the decode time in the fragment's {@code prft} box, for the latency figure.
 *
 * <p>The interval is measured, not taken from the nominal frame rate, so the timeline runs as fast as the frames
 * come on average (a camera that delivers 25 fps of a nominal 30 would otherwise leave the player waiting at every
 * frame): an average of the capture steps, each counted at most twice and at least half the estimate (a late frame
 * moves it a little, a second's stall does not make the next frames last a second).
 *
 * <p>Shared by every viewer: a fragment is built once per frame, and built again for a viewer further behind than the
 * cache, so a frame's place is kept ({@link #REMEMBERED} frames, more than a GOP the hub keeps) and the same frame
 * always gets the same place. Frames are placed in the order viewers first ask for them, which is sequence order but
 * for one case: a frame older than the newest placed one that nobody asked for yet (a viewer still reading a GOP the
 * others left). It goes after its predecessor when that was placed; the viewer may then meet a step back in decode time
 * at its next keyframe, which costs nothing there (a keyframe is where MSE starts again anyway). Not thread-safe: its
 * user ({@code SharedH264Messages}) calls it under its own lock.
 */
public final class Fmp4Timeline {

    /** Frames whose place is kept: more than the 300 frames of a GOP the hub keeps at most. */
    static final int REMEMBERED = 1024;
    /** How much of each new capture step goes into the frame interval estimate. */
    private static final double INTERVAL_SMOOTHING = 1.0 / 16;

    /** A frame's place: decode time and duration, at 90 kHz (it is shown at the decode time plus its composition offset). */
    public record Placement(long decodeTime, int durationTicks) {
        /** Where the next frame starts. */
        long end() {
            return decodeTime + durationTicks;
        }
    }

    private final long[] sequences = new long[REMEMBERED];
    private final long[] captures = new long[REMEMBERED];
    private final Placement[] placements = new Placement[REMEMBERED];
    private double intervalTicks;
    private int nominalTicks;
    private long newestSequence;
    private long newestCapture;
    private Placement newest;

    /**
     * The place of {@code frame}: the one it was given before, else the end of the newest placed frame.
     *
     * @param nominalTicks the camera's frame interval at 90 kHz: the estimate until capture steps are measured, and
     *     again after the camera's frame rate changed
     */
    public Placement place(Frame frame, int nominalTicks) {
        long sequence = frame.sequence();
        long capture = frame.captureEpochMicros();
        int slot = (int) Math.floorMod(sequence, (long) REMEMBERED);
        if (placements[slot] != null && sequences[slot] == sequence && captures[slot] == capture) {
            return placements[slot];
        }
        if (nominalTicks != this.nominalTicks) {
            this.nominalTicks = nominalTicks;
            intervalTicks = nominalTicks;
        }
        long decodeTime;
        boolean newer = newest == null || sequence > newestSequence || capture > newestCapture;
        if (newest == null) {
            decodeTime = Fmp4Fragmenter.decodeTime(capture); // the first: media time starts at the capture time
        } else if (newer) {
            if (sequence > newestSequence) {
                measure(Fmp4Fragmenter.decodeTime(capture) - Fmp4Fragmenter.decodeTime(newestCapture),
                        sequence - newestSequence);
            } else {
                forgetAll(); // the sequence numbers started again (a new capture loop): later frames, a new count
            }
            decodeTime = newest.end();
        } else {
            decodeTime = olderPlace(sequence);
        }
        Placement placement = new Placement(decodeTime, (int) Math.max(1, Math.round(intervalTicks)));
        sequences[slot] = sequence;
        captures[slot] = capture;
        placements[slot] = placement;
        if (newer) {
            newestSequence = sequence;
            newestCapture = capture;
            newest = placement;
        }
        return placement;
    }

    /** Moves the interval estimate toward one capture step of {@code frames} frames, bounded to [½, 2] of it. */
    private void measure(long stepTicks, long frames) {
        double perFrame = (double) stepTicks / frames;
        double bounded = Math.max(intervalTicks / 2, Math.min(2 * intervalTicks, perFrame));
        intervalTicks += (bounded - intervalTicks) * INTERVAL_SMOOTHING;
    }

    /** The place frame {@code sequence} was given, or null. */
    private Placement placedOrNull(long sequence) {
        int slot = (int) Math.floorMod(sequence, (long) REMEMBERED);
        return sequences[slot] == sequence ? placements[slot] : null;
    }

    /** A frame older than the newest placed one, never placed: after its predecessor, else counted back. */
    private long olderPlace(long sequence) {
        Placement before = placedOrNull(sequence - 1);
        if (before != null) {
            return before.end();
        }
        return Math.max(0, newest.decodeTime() - (newestSequence - sequence) * Math.round(intervalTicks));
    }

    private void forgetAll() {
        Arrays.fill(placements, null);
        Arrays.fill(sequences, 0);
    }
}
