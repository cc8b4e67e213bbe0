package dev.edgecam.source;

import dev.edgecam.frame.Size;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a {@link SourceSpec} into a {@link FrameSource}, resolving {@code auto}. */
public final class SourceFactory {

    static final String DEFAULT_CAMERA = "/dev/video0";

    private SourceFactory() {
    }

    /** Resolves {@code auto}: camera 0 when it exists, else the test pattern. */
    public static SourceSpec resolve(SourceSpec spec) {
        if (spec.kind() != SourceSpec.Kind.AUTO) {
            return spec;
        }
        return Files.exists(Path.of(DEFAULT_CAMERA))
                ? new SourceSpec(SourceSpec.Kind.CAMERA, DEFAULT_CAMERA)
                : SourceSpec.test();
    }

    public static FrameSource create(SourceSpec spec, Size size, double fps) {
        SourceSpec resolved = resolve(spec);
        return resolved.kind() == SourceSpec.Kind.TEST
                ? new TestPatternSource(size, fps)
                : new FfmpegSource(resolved, size, fps);
    }
}
