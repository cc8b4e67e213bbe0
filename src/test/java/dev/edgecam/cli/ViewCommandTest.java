package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgecam.testing.FakeOriginalServer;
import dev.edgecam.testing.GstRtspServer;
import dev.edgecam.testing.OriginalServer;
import dev.edgecam.testing.Quadrants;
import dev.edgecam.testing.Recordings;
import dev.edgecam.testing.Xvfb;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows of {@code edgecam view} and {@code edgecam shell}, in child JVMs: refused without a display, and
 * real windows under Xvfb, driven with real clicks and keys, compared with the served picture.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ViewCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutADisplayItSaysSoAndExitsNonZero() throws Exception {
        ProcessBuilder builder = javaChild(Main.class.getName(), "view", "127.0.0.1:6810");
        builder.environment().remove("DISPLAY");
        Process child = builder.redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).isEqualTo(1);
        assertThat(output).contains("view needs a window, but there is no display: DISPLAY is not set");
    }

    @Test
    void viewShowsTheServedPictureUnderXvfbAndAnswersKeys() throws Exception {
        assumeTrue(Xvfb.installed(), "Xvfb is not installed (.ci/run installs the xvfb package)");
        try (Xvfb xvfb = Xvfb.start(dir.resolve("xvfb.log"));
             FakeOriginalServer server = FakeOriginalServer.start()) {
            Path saved = Files.createDirectory(dir.resolve("saved"));
            String log = runOnDisplay(xvfb, ViewUnderXvfbMain.class, server.port(), saved);

            Quadrants.assertMatch(ImageIO.read(dir.resolve("screen.png").toFile()), served(server));
            // 's' saved exactly a frame the server sent; 'q' ended the command with exit code 0.
            List<Path> snapshots = list(saved, "snapshot_");
            assertThat(snapshots).hasSize(1);
            assertThat(allPictures(server)).anySatisfy(p -> assertThat(p).isEqualTo(Files.readAllBytes(snapshots.get(0))));
            assertThat(log).contains("saved snapshot").contains("saved recording").contains("view exited with 0");
            assertOneRecording(saved, 160);
        }
    }

    @Test
    void viewShowsTheRealOriginalPythonServersCameraUnderXvfb() throws Exception {
        assumeTrue(Xvfb.installed(), "Xvfb is not installed (.ci/run installs the xvfb package)");
        try (Xvfb xvfb = Xvfb.start(dir.resolve("xvfb.log"));
             OriginalServer server = OriginalServer.start(dir, 640, 480, 30)) {
            Path saved = Files.createDirectory(dir.resolve("saved"));
            String log = runOnDisplay(xvfb, ViewUnderXvfbMain.class, server.port(), saved);

            // The window showed the camera's test card (colour bars, gradients, noise), not an empty window.
            assertThat(distinctColours(ImageIO.read(dir.resolve("screen.png").toFile()))).isGreaterThan(1_000);
            List<Path> snapshots = list(saved, "snapshot_");
            assertThat(snapshots).hasSize(1);
            server.assertCameraPicture(Files.readAllBytes(snapshots.get(0)));
            assertThat(log).contains("saved recording").contains("view exited with 0").doesNotContain("connection lost");
            assertOneRecording(saved, 640);
            server.assertEveryCommandReadAlone();
        }
    }

    @Test
    void shellShowsTheImageInAWindowAndQInTheWindowStopsTheStream() throws Exception {
        assumeTrue(Xvfb.installed(), "Xvfb is not installed (.ci/run installs the xvfb package)");
        try (Xvfb xvfb = Xvfb.start(dir.resolve("xvfb.log"));
             FakeOriginalServer server = FakeOriginalServer.start()) {
            Path saved = Files.createDirectory(dir.resolve("saved"));
            String log = runOnDisplay(xvfb, ShellUnderXvfbMain.class, server.port(), saved);

            Quadrants.assertMatch(ImageIO.read(dir.resolve("screen.png").toFile()), served(server));
            assertThat(log).contains("image: 160x120, 2 KB, shown in the window").contains("shell exited with 0");
            List<Path> videos = list(saved, "video_stream_");
            assertThat(videos).hasSize(1);
            assertThat(Recordings.decode(videos.get(0)).frames()).isPositive();
            assertThat(server.commands()).startsWith("013q12");
        }
    }

    /** Runs a child JVM's main on the display with (port, screenshot, directory) and returns its output once it ended with 0. */
    private String runOnDisplay(Xvfb xvfb, Class<?> main, int port, Path directory) throws Exception {
        return runOnDisplay(xvfb, main, Integer.toString(port), directory);
    }

    /** @param server a legacy port on 127.0.0.1, or a URL */
    private String runOnDisplay(Xvfb xvfb, Class<?> main, String server, Path directory) throws Exception {
        ProcessBuilder builder = javaChild(main.getName(), server, dir.resolve("screen.png").toString(),
                directory.toString());
        builder.environment().put("DISPLAY", xvfb.display());
        Path logFile = dir.resolve("child.log");
        Process child = builder.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        boolean ended = child.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(logFile);
        assertThat(ended).as(log).isTrue();
        assertThat(child.exitValue()).as(log).isZero();
        return log;
    }

    @Test
    void viewShowsAnRtspStreamUnderXvfb() throws Exception {
        assumeTrue(Xvfb.installed(), "Xvfb is not installed (.ci/run installs the xvfb package)");
        try (Xvfb xvfb = Xvfb.start(dir.resolve("xvfb.log"));
             GstRtspServer server = GstRtspServer.start(dir)) {
            Path saved = Files.createDirectory(dir.resolve("saved"));
            String log = runOnDisplay(xvfb, ViewUnderXvfbMain.class, server.url(), saved);

            // GStreamer's moving ball on black, decoded from H.264: more than the window's few flat colours.
            assertThat(distinctColours(ImageIO.read(dir.resolve("screen.png").toFile()))).isGreaterThan(20);
            List<Path> snapshots = list(saved, "snapshot_");
            assertThat(snapshots).hasSize(1);
            BufferedImage snapshot = ImageIO.read(snapshots.get(0).toFile());
            assertThat(snapshot.getWidth()).isEqualTo(1280);
            assertThat(snapshot.getHeight()).isEqualTo(720);
            assertThat(log).contains("saved recording").contains("view exited with 0");
            assertOneRecording(saved, 1280);
        }
    }

    private static BufferedImage served(FakeOriginalServer server) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(server.picture(0)));
    }

    /** 'r' twice recorded about a second and a half of the stream, as edgecam record would: one playable file. */
    private static void assertOneRecording(Path saved, int width) throws Exception {
        List<Path> recordings = list(saved, "recording_");
        assertThat(recordings).hasSize(1);
        Recordings recording = Recordings.decode(recordings.get(0));
        assertThat(recording.frames()).isGreaterThanOrEqualTo(5);
        assertThat(recording.width()).isEqualTo(width);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static List<byte[]> allPictures(FakeOriginalServer server) {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(server.picture(i));
        }
        return all;
    }

    private static List<Path> list(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    static ProcessBuilder javaChild(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
