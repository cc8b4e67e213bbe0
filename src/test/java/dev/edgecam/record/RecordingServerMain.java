package dev.edgecam.record;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.H264FileStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server whose one camera is {@link H264FileStandIn} (a camera's own H.264, passed through) recording
 * continuously, run by {@link RecordingKillTest} as a child JVM to be killed with SIGKILL. It runs until killed.
 *
 * <p>Arguments: recordings folder, segment length in seconds.
 */
public final class RecordingServerMain {

    private RecordingServerMain() {
    }

    public static void main(String[] args) throws Exception {
        RecordConfig record = RecordConfig.continuous(Path.of(args[0]))
                .withSegment(Duration.ofSeconds(Long.parseLong(args[1]))).withCodec(RecordCodec.H264);
        CameraConfig camera = new CameraConfig("door", SourceSpec.test(), new Size(1280, 720), 30,
                EncodeSettings.defaults(), CameraConfig.NO_LEGACY_PORT, record);
        EdgecamServer.start(ServerConfig.testPatternOnLoopback(), List.of(camera), SecurityConfig.open(),
                Map.of("door", new H264FileStandIn()));
        Thread.sleep(Long.MAX_VALUE);
    }
}
