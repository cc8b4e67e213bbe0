package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.record.RecordCodec;
import dev.edgecam.record.RecordConfig;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.FfmpegCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgecam recordings HOST} against a real server recording two cameras: lists every segment (one camera with
 * {@code --camera}, none before {@code --since}), downloads the closed ones byte for byte, and says in one line what
 * is wrong with an unknown camera.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingsCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsFiltersAndDownloads() throws Exception {
        RecordConfig record = RecordConfig.continuous(dir.resolve("server")).withSegment(Duration.ofSeconds(2))
                .withCodec(RecordCodec.MJPEG);
        Size size = new Size(320, 240);
        List<CameraConfig> cameras = List.of(
                new CameraConfig("door", SourceSpec.test(), size, 15, EncodeSettings.defaults(),
                        CameraConfig.NO_LEGACY_PORT, record),
                new CameraConfig("yard", SourceSpec.test(), size, 15, EncodeSettings.defaults(),
                        CameraConfig.NO_LEGACY_PORT, record));
        try (EdgecamServer server = EdgecamServer.start(ServerConfig.testPatternOnLoopback(), cameras,
                SecurityConfig.open())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.camera("door").recording().segments() >= 3
                    && server.camera("yard").recording().segments() >= 2);
            String host = "127.0.0.1:" + server.httpPort();

            CommandRun all = new CommandRun();
            assertThat(all.execute("recordings", "http://" + host)).as(all.err()).isZero();
            assertThat(all.out()).contains("/recordings/door/", "/recordings/yard/", "(writing)");

            CommandRun door = new CommandRun();
            assertThat(door.execute("recordings", "http://" + host, "--camera", "door", "--download",
                    dir.resolve("copy").toString())).as(door.err()).isZero();
            assertThat(door.out()).doesNotContain("/recordings/yard/").contains("downloaded ");
            List<Path> copies;
            try (Stream<Path> walk = Files.walk(dir.resolve("copy"))) {
                copies = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(copies).isNotEmpty().allSatisfy(copy -> assertThat(copy.toString()).endsWith(".mkv"));
            for (Path copy : copies) {
                Path original = dir.resolve("server").resolve(dir.resolve("copy").relativize(copy));
                assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(original));
                assertThat(FfmpegCli.decodeErrors(copy)).isEmpty();
            }

            CommandRun future = new CommandRun();
            assertThat(future.execute("recordings", "http://" + host, "--since", "2100-01-01T00:00:00Z")).isZero();
            assertThat(future.out()).contains("0 segment(s)");

            CommandRun unknown = new CommandRun();
            assertThat(unknown.execute("recordings", "http://" + host, "--camera", "garage")).isEqualTo(1);
            assertThat(unknown.err()).contains("no camera 'garage'");
        }
    }
}
