package dev.edgecam.testing;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import java.util.List;

/**
 * A camera that offers H.264 of its own: yields {@link H264TestStream}'s access units as {@link Capture.Encoded},
 * looped, paced at {@link H264TestStream#FPS} with fresh capture timestamps, keeping its pace when nobody watches
 * (as a camera does). Stands in for the H.264 encoder and passthrough cameras in transport tests. With a
 * {@link Lateness} it is a camera on a busy board, whose frames now and then come late ({@link LateFramesH264Source}).
 */
public final class H264FileStandIn implements FrameSource {

    /** How late a frame comes, by its place in the looped stream; the pace goes on from there (no catching up). */
    @FunctionalInterface
    public interface Lateness {
        /** Nanoseconds frame {@code index} (a keyframe or not) comes after it was due; 0 for on time. */
        long lateNanos(int index, boolean keyframe);
    }

    private final List<byte[]> units;
    private final boolean[] keyframes;
    private final long frameNanos = 1_000_000_000L / H264TestStream.FPS;
    private final Lateness lateness;
    private long nextDue;
    /** The wall clock at {@link #open()}, and {@link System#nanoTime()} then: capture times count from these. */
    private long openEpochMicros;
    private long openNanos;
    private int index;

    public H264FileStandIn() throws Exception {
        this((index, keyframe) -> 0);
    }

    public H264FileStandIn(Lateness lateness) throws Exception {
        this.lateness = lateness;
        this.units = H264TestStream.accessUnits();
        this.keyframes = new boolean[units.size()];
        for (int i = 0; i < keyframes.length; i++) {
            keyframes[i] = H264TestStream.isKeyframe(units.get(i));
        }
    }

    @Override
    public String describe() {
        return "H.264 test stream (" + units.size() + " access units, looped)";
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.TEST;
    }

    @Override
    public void open() {
        openNanos = System.nanoTime();
        openEpochMicros = Capture.nowEpochMicros();
        nextDue = openNanos;
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        byte[] unit = units.get(index);
        boolean keyframe = keyframes[index];
        nextDue += lateness.lateNanos(index, keyframe); // a late frame moves the whole schedule, as a stalled camera does
        long wait = nextDue - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        // Captured when due, as a camera's clock says, even when this thread was late: frames stay evenly spaced.
        long captured = nextDue;
        nextDue = Math.max(nextDue + frameNanos, System.nanoTime() - frameNanos);
        index = (index + 1) % units.size();
        return new Capture.Encoded(Codec.H264, keyframe, unit, H264TestStream.WIDTH,
                H264TestStream.HEIGHT, captured, openEpochMicros + (captured - openNanos) / 1000);
    }

    @Override
    public double nominalFps() {
        return H264TestStream.FPS;
    }

    @Override
    public Size size() {
        return new Size(H264TestStream.WIDTH, H264TestStream.HEIGHT);
    }

    @Override
    public void close() {
    }
}
