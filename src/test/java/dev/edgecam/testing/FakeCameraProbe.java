package dev.edgecam.testing;

import dev.edgecam.source.CameraProbe;
import dev.edgecam.source.FrameSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Stands in for looking at {@code /dev/video0}: finds nothing until a stand-in camera is {@linkplain #plugIn plugged in}. */
public final class FakeCameraProbe implements CameraProbe {

    public static final String WHERE = "/dev/video-test";

    private final AtomicReference<FrameSource> camera = new AtomicReference<>();
    private final AtomicInteger looks = new AtomicInteger();

    /** From now on every look finds {@code standIn} (not yet opened). */
    public FakeCameraProbe plugIn(FrameSource standIn) {
        camera.set(standIn);
        return this;
    }

    /** How many times it was asked. */
    public int looks() {
        return looks.get();
    }

    @Override
    public String where() {
        return WHERE;
    }

    @Override
    public FrameSource find() {
        looks.incrementAndGet();
        return camera.get();
    }
}
