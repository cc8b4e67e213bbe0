package dev.edgecam.testing;

import dev.edgecam.camera.Camera;
import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.source.SourceSpec;

/** Cameras around capture loops a test built itself, for transports tested without a whole server. */
public final class TestCameras {

    private TestCameras() {
    }

    /** The camera {@link CameraConfig#FIRST_ID} around {@code capture} (started or not), which it then owns. */
    public static Camera around(FrameHub hub, PipelineStats stats, CaptureLoop capture) {
        return Camera.of(new CameraConfig(CameraConfig.FIRST_ID, SourceSpec.test(), new Size(320, 240), 15,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT), hub, stats, capture);
    }
}
