package dev.edgecam.cli;

import dev.edgecam.testing.Windows;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.JFrame;

/**
 * Runs {@code edgecam view} in this JVM on a real (virtual) X display, takes a screenshot of the picture,
 * then types {@code s}, {@code r} (and {@code r} again 1.5 s later) and {@code q} as a person would. Started by {@link ViewCommandTest} as a child JVM
 * with {@code DISPLAY} set. Exits with view's exit code, or 2 when something else failed.
 *
 * <p>Arguments: server port (or a URL), screenshot PNG path, directory for snapshots.
 */
public final class ViewUnderXvfbMain {

    private ViewUnderXvfbMain() {
    }

    public static void main(String[] args) {
        Windows.exitWith(() -> run(args));
    }

    private static int run(String[] args) throws Exception {
        Path directory = Path.of(args[2]);
        CompletableFuture<Integer> view = CompletableFuture.supplyAsync(() -> Main.commandLine()
                .execute("view", args[0].contains("://") ? args[0] : "127.0.0.1:" + args[0], "-d", directory.toString()));
        JFrame window = Windows.waitFor("edgecam");
        Thread.sleep(2_000); // several frames painted, overlay numbers settled
        Robot robot = new Robot();
        Rectangle picture = Windows.screenshot(window, robot, new File(args[1]));
        Windows.clickAndType(robot, picture, KeyEvent.VK_S);
        for (int i = 0; i < 100 && !hasSnapshot(directory); i++) {
            Thread.sleep(100);
        }
        Windows.clickAndType(robot, picture, KeyEvent.VK_R); // start recording
        Thread.sleep(1_500);
        Windows.clickAndType(robot, picture, KeyEvent.VK_R); // stop: the file is finished on the Swing thread
        Windows.clickAndType(robot, picture, KeyEvent.VK_Q);
        int code = view.get(20, TimeUnit.SECONDS);
        System.out.println("view exited with " + code);
        return code;
    }

    private static boolean hasSnapshot(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot_"));
        }
    }
}
