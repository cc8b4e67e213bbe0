package dev.edgecam.source;

import dev.edgecam.frame.Size;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Looks for a camera plugged in after the server started ({@code --source auto}). {@link AutoSource} asks every
 * few seconds while it shows the test pattern, so a look must be cheap: {@link #device} only checks that the
 * device file exists, and nothing is opened until it does. Tests put a stand-in camera behind it.
 */
public interface CameraProbe {

    /** Where it looks, for logs and {@code /state}, such as {@code /dev/video0}. */
    String where();

    /** A camera source, not yet opened, when one seems to be present; {@code null} while there is none. */
    FrameSource find();

    /** The camera at {@code device} once its device file exists, asked for {@code size} at {@code fps}. */
    static CameraProbe device(String device, Size size, double fps) {
        return new CameraProbe() {
            @Override
            public String where() {
                return device;
            }

            @Override
            public FrameSource find() {
                return Files.exists(Path.of(device))
                        ? new FfmpegSource(new SourceSpec(SourceSpec.Kind.CAMERA, device), size, fps) : null;
            }
        };
    }
}
