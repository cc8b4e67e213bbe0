package dev.edgecam.source;

import dev.edgecam.frame.Size;

/** Turns a {@link SourceSpec} into a {@link FrameSource}, resolving {@code auto}. */
public final class SourceFactory {

    static final String DEFAULT_CAMERA = "/dev/video0";

    private SourceFactory() {
    }

    /**
     * A source for {@code spec}. {@code auto} is camera 0 when {@code /dev/video0} exists, else the test pattern
     * until that camera appears ({@link AutoSource}).
     */
    public static FrameSource create(SourceSpec spec, Size size, double fps) {
        return switch (spec.kind()) {
            case AUTO -> auto(CameraProbe.device(DEFAULT_CAMERA, size, fps), size, fps);
            case TEST -> new TestPatternSource(size, fps);
            default -> new FfmpegSource(spec, size, fps);
        };
    }

    /** The camera {@code probe} finds now, else the test pattern until it finds one. */
    static FrameSource auto(CameraProbe probe, Size size, double fps) {
        FrameSource camera = probe.find();
        return camera != null ? camera : new AutoSource(size, fps, probe);
    }
}
