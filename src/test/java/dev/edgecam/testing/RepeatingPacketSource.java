package dev.edgecam.testing;

import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;

/** A source that hands over the same encoded packet 20 times a second. */
public final class RepeatingPacketSource implements FrameSource {

    private final Codec codec;
    private final boolean keyframe;
    private final byte[] bytes;

    public RepeatingPacketSource(Codec codec, boolean keyframe, byte[] bytes) {
        this.codec = codec;
        this.keyframe = keyframe;
        this.bytes = bytes;
    }

    @Override
    public String describe() {
        return "packets 64x48";
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.CAMERA;
    }

    @Override
    public void open() {
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        Thread.sleep(50);
        return new Capture.Encoded(codec, keyframe, bytes, 64, 48, System.nanoTime(), Capture.nowEpochMicros());
    }

    @Override
    public double nominalFps() {
        return 20;
    }

    @Override
    public Size size() {
        return new Size(64, 48);
    }

    @Override
    public void close() {
    }
}
