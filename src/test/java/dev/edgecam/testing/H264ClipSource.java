package dev.edgecam.testing;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in camera that yields {@link H264Clip}'s access units as its own H.264 ({@link Capture.Encoded}), looped,
 * paced at 30 fps with fresh capture timestamps: what a camera with {@code input_format=h264} (or the coming H.264
 * encoder) hands the capture loop. While nobody watches it keeps its pace and skips ahead, as a camera does.
 */
public final class H264ClipSource implements FrameSource {

    private final List<byte[]> units = H264Clip.accessUnits();
    private final long periodNanos = 1_000_000_000L / H264Clip.FPS;
    private long nextDueNanos;
    private int index;

    @Override
    public String describe() {
        return "H.264 test clip " + H264Clip.WIDTH + "x" + H264Clip.HEIGHT + " at " + H264Clip.FPS + " fps";
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
        return new Capture.Encoded(Codec.H264, H264Clip.isKeyframe(unit), unit, H264Clip.WIDTH, H264Clip.HEIGHT,
                System.nanoTime(), Capture.nowEpochMicros());
    }

    @Override
    public double nominalFps() {
        return H264Clip.FPS;
    }

    @Override
    public Size size() {
        return new Size(H264Clip.WIDTH, H264Clip.HEIGHT);
    }

    @Override
    public void close() {
        // nothing held
    }
}
