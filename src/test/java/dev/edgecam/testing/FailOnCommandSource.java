package dev.edgecam.testing;

import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceException;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.source.TestPatternSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for a camera that can be unplugged and plugged back in on command: a real
 * {@link TestPatternSource} underneath, whose next frame fails after {@link #unplug()}, and which refuses to
 * open until {@link #plugIn()}. Unplugged before its first open, it is a camera missing when the server starts.
 */
public final class FailOnCommandSource implements FrameSource {

    public static final String UNPLUGGED = "test camera unplugged";

    private final TestPatternSource pattern;
    private final AtomicBoolean unplugged = new AtomicBoolean();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicReference<Error> nextFrameError = new AtomicReference<>();
    private final AtomicReference<Error> nextOpenError = new AtomicReference<>();
    private volatile boolean everOpened;

    public FailOnCommandSource(Size size, double fps) {
        this.pattern = new TestPatternSource(size, fps);
    }

    /** From now on the next frame fails and every open is refused. */
    public void unplug() {
        unplugged.set(true);
    }

    /**
     * The next frame throws {@code error} (such as an {@link OutOfMemoryError}, as allocating a huge frame
     * would), once; opening keeps working.
     */
    public void failNextFrameWith(Error error) {
        nextFrameError.set(error);
    }

    /** The next open throws {@code error}, once. */
    public void failNextOpenWith(Error error) {
        nextOpenError.set(error);
    }

    /** From now on opening works again. */
    public void plugIn() {
        unplugged.set(false);
    }

    /** How many times the source was opened, the first open included. */
    public int opens() {
        return opens.get();
    }

    @Override
    public String describe() {
        return "failing " + pattern.describe();
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.CAMERA;
    }

    @Override
    public void open() throws SourceException {
        opens.incrementAndGet();
        Error error = nextOpenError.getAndSet(null);
        if (error != null) {
            throw error;
        }
        if (unplugged.get()) {
            throw new SourceException("cannot open " + UNPLUGGED);
        }
        pattern.open();
        everOpened = true;
    }

    @Override
    public Capture next(boolean wanted) throws SourceException, InterruptedException {
        if (unplugged.get()) {
            throw new SourceException(UNPLUGGED);
        }
        Error error = nextFrameError.getAndSet(null);
        if (error != null) {
            throw error;
        }
        return pattern.next(wanted);
    }

    /** Like a camera: the size is known only once the source has opened. */
    @Override
    public Size size() {
        return everOpened ? pattern.size() : null;
    }

    @Override
    public double nominalFps() {
        return pattern.nominalFps();
    }

    @Override
    public void close() {
        pattern.close();
    }
}
