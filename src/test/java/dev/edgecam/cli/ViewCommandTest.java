package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgecam.testing.FakeOriginalServer;
import dev.edgecam.testing.TestJpegs;
import java.awt.Color;
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

/** {@code edgecam view} in child JVMs: refused without a display, and a real window under Xvfb. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ViewCommandTest {

    private static final Path XVFB = Path.of("/usr/bin/Xvfb");

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
    void showsTheServedPictureUnderXvfbAndAnswersKeys() throws Exception {
        assumeTrue(Files.isExecutable(XVFB), "Xvfb is not installed (.ci/run installs the xvfb package)");
        int display = freeDisplayNumber();
        Process xvfb = new ProcessBuilder(XVFB.toString(), ":" + display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
        try (FakeOriginalServer server = FakeOriginalServer.start()) {
            waitForDisplay(display);
            Path screenshot = dir.resolve("screen.png");
            Path saved = Files.createDirectory(dir.resolve("saved"));
            ProcessBuilder builder = javaChild(ViewUnderXvfbMain.class.getName(),
                    Integer.toString(server.port()), screenshot.toString(), saved.toString());
            builder.environment().put("DISPLAY", ":" + display);
            Process child = builder.redirectErrorStream(true).redirectOutput(dir.resolve("view.log").toFile()).start();
            boolean ended = child.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String log = Files.readString(dir.resolve("view.log"));
            assertThat(ended).as(log).isTrue();
            assertThat(child.exitValue()).as(log).isZero();

            // The picture, scaled to fit, shows the served frame's four quadrants in their places.
            BufferedImage shot = ImageIO.read(screenshot.toFile());
            BufferedImage served = ImageIO.read(new ByteArrayInputStream(server.picture(0)));
            assertQuadrantsMatch(shot, served);

            // 's' saved exactly a frame the server sent; 'q' ended the command (exit code 0 above).
            List<Path> snapshots = list(saved);
            assertThat(snapshots).hasSize(1);
            assertThat(allPictures(server)).anySatisfy(p -> assertThat(p).isEqualTo(Files.readAllBytes(snapshots.get(0))));
            assertThat(log).contains("saved snapshot");
        } finally {
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Compares the colour at the middle of each quadrant of the on-screen picture with the served JPEG's. */
    private static void assertQuadrantsMatch(BufferedImage shot, BufferedImage served) {
        double scale = Math.min(shot.getWidth() / (double) served.getWidth(), shot.getHeight() / (double) served.getHeight());
        int w = (int) Math.round(served.getWidth() * scale);
        int h = (int) Math.round(served.getHeight() * scale);
        int x0 = (shot.getWidth() - w) / 2;
        int y0 = (shot.getHeight() - h) / 2;
        double[][] centres = {{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}};
        for (int i = 0; i < centres.length; i++) {
            int q = i;
            Color onScreen = average(shot, x0 + (int) (w * centres[q][0]), y0 + (int) (h * centres[q][1]));
            Color inJpeg = average(served, (int) (served.getWidth() * centres[q][0]), (int) (served.getHeight() * centres[q][1]));
            assertThat(inJpeg).as("the served picture's quadrant %d", q).satisfies(c -> close(c, TestJpegs.QUADRANTS[q]));
            assertThat(onScreen).as("quadrant %d on screen vs served %s", q, inJpeg).satisfies(c -> close(c, inJpeg));
        }
    }

    private static void close(Color actual, Color expected) {
        int distance = Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertThat(distance).as("colour %s vs %s", actual, expected).isLessThan(90);
    }

    private static Color average(BufferedImage image, int cx, int cy) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = cy - 5; y <= cy + 5; y++) {
            for (int x = cx - 5; x <= cx + 5; x++) {
                int rgb = image.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }

    private static List<byte[]> allPictures(FakeOriginalServer server) {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(server.picture(i));
        }
        return all;
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    static ProcessBuilder javaChild(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int freeDisplayNumber() {
        for (int n = 90 + (int) (ProcessHandle.current().pid() % 50); n < 400; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number between 90 and 400");
    }

    private static void waitForDisplay(int display) throws InterruptedException {
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(100);
        }
        assertThat(socket).as("Xvfb started display :%d", display).exists();
    }
}
