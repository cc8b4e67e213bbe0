package dev.edgecam.cli;

import java.awt.Component;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;

/**
 * Runs {@code edgecam view} in this JVM on a real (virtual) X display, takes a screenshot of the picture
 * with {@link Robot}, then types {@code s} and {@code q} as a person would. Started by {@link ViewCommandTest}
 * as a child JVM with {@code DISPLAY} set. Exit code 0 when view ended by itself after {@code q}.
 *
 * <p>Arguments: server port, screenshot PNG path, directory for snapshots.
 */
public final class ViewUnderXvfbMain {

    private ViewUnderXvfbMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // The AWT thread would keep the JVM alive: report and end it here.
            e.printStackTrace(System.out);
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        String port = args[0];
        File screenshot = new File(args[1]);
        Path directory = Path.of(args[2]);
        CompletableFuture<Integer> view = CompletableFuture.supplyAsync(() -> Main.commandLine()
                .execute("view", "127.0.0.1:" + port, "-d", directory.toString()));
        JFrame window = waitForWindow();
        Thread.sleep(2_000); // several frames painted, overlay numbers settled
        Rectangle picture = contentBounds(window);
        Robot robot = new Robot();
        BufferedImage shot = robot.createScreenCapture(picture);
        ImageIO.write(shot, "png", screenshot);

        // Give the window the keyboard as a person would, by clicking into it.
        robot.mouseMove(picture.x + picture.width / 2, picture.y + picture.height / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        type(robot, KeyEvent.VK_S);
        for (int i = 0; i < 100 && !hasSnapshot(directory); i++) {
            Thread.sleep(100);
        }
        type(robot, KeyEvent.VK_Q);
        int code = view.get(20, TimeUnit.SECONDS);
        System.out.println("view exited with " + code);
        System.exit(code);
    }

    private static JFrame waitForWindow() throws Exception {
        for (int i = 0; i < 300; i++) {
            for (Frame frame : Frame.getFrames()) {
                if (frame instanceof JFrame jframe && frame.isShowing() && String.valueOf(frame.getTitle()).startsWith("edgecam")) {
                    return jframe;
                }
            }
            Thread.sleep(100);
        }
        System.err.println("no edgecam window appeared within 30 s");
        System.exit(3);
        return null;
    }

    private static Rectangle contentBounds(JFrame window) throws Exception {
        Rectangle[] bounds = new Rectangle[1];
        SwingUtilities.invokeAndWait(() -> {
            Component content = window.getContentPane();
            Point at = content.getLocationOnScreen();
            bounds[0] = new Rectangle(at.x, at.y, content.getWidth(), content.getHeight());
        });
        return bounds[0];
    }

    private static void type(Robot robot, int key) {
        robot.keyPress(key);
        robot.keyRelease(key);
        robot.waitForIdle();
    }

    private static boolean hasSnapshot(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot_"));
        }
    }
}
