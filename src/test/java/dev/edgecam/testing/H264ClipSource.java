package dev.edgecam.testing;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in camera that yields {@link H264TestStream}'s access units as its own H.264 ({@link Capture.Encoded}), looped,
 * paced at 30 fps with fresh capture timestamps: what a camera with {@code input_format=h264} (or the coming H.264
 * encoder) hands the capture loop. While nobody watches it keeps its pace and skips ahead, as a camera does.
 */
public final class H264ClipSource implements FrameSource {

    private final List<byte[]> units = units();
    private final long periodNanos = 1_000_000_000L / H264TestStream.FPS;
    private long nextDueNanos;
    private int index;

    private static List<byte[]> units() {
        try {
            return H264TestStream.accessUnits();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the H.264 test stream", e);
        }
    }

    @Override
    public String describe() {
        return "H.264 test clip " + H264TestStream.WIDTH + "x" + H264TestStream.HEIGHT + " at " + H264TestStream.FPS + " fps";
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.TEST;
    }

    @Override
    public void open() {
        nextDueNanos = System.nanoTime();
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        long now = System.nanoTime();
        if (now - nextDueNanos > periodNanos) {
            nextDueNanos = now; // fell behind: start afresh rather than burst
        }
        while (nextDueNanos - System.nanoTime() > 0) {
            LockSupport.parkNanos(nextDueNanos - System.nanoTime());
            if (Thread.interrupted()) {
                throw new InterruptedException("H.264 clip pacing interrupted");
            }
        }
        nextDueNanos += periodNanos;
        byte[] unit = units.get(index);
        index = (index + 1) % units.size();
        if (!wanted) {
            return null;
        }
        return new Capture.Encoded(Codec.H264, H264TestStream.isKeyframe(unit), unit, H264TestStream.WIDTH, H264TestStream.HEIGHT,
                System.nanoTime(), Capture.nowEpochMicros());
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
        // nothing held
    }
}
