package dev.edgecam.cli;

import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.Windows;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.io.File;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.JFrame;
import picocli.CommandLine;

/**
 * Runs {@code edgecam shell} in this JVM on a real (virtual) X display: types {@code 0} (the image shows in a
 * window, screenshot taken), {@code 3} (stream), presses {@code q} in the window to stop the stream as the
 * original client's users did, then types {@code 2}. Exits with the shell's exit code, or 2 on another failure.
 *
 * <p>Arguments: server port, screenshot PNG path, directory for the video.
 */
public final class ShellUnderXvfbMain {

    private ShellUnderXvfbMain() {
    }

    public static void main(String[] args) {
        Windows.exitWith(() -> run(args));
    }

    private static int run(String[] args) throws Exception {
        Path directory = Path.of(args[2]);
        PipedOutputStream keyboard = new PipedOutputStream();
        ShellCommand shell = new ShellCommand();
        shell.stdin = new PipedInputStream(keyboard);
        CommandRun run = new CommandRun(new CommandLine(shell));
        CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() ->
                run.execute("127.0.0.1:" + args[0], "-d", directory.toString()));
        type(keyboard, "0");
        JFrame window = Windows.waitFor("edgecam shell");
        Thread.sleep(1_500);
        Robot robot = new Robot();
        Rectangle picture = Windows.screenshot(window, robot, new File(args[1]));
        type(keyboard, "3");
        Thread.sleep(1_500);
        Windows.clickAndType(robot, picture, KeyEvent.VK_Q);
        // The stream must have stopped before 2 is typed, or the stream would take the 2 for itself.
        for (int i = 0; i < 100 && !run.out().contains(" frames, "); i++) {
            Thread.sleep(100);
        }
        type(keyboard, "2");
        int code = session.get(20, TimeUnit.SECONDS);
        System.out.println(run.out());
        System.out.println(run.err());
        System.out.println("shell exited with " + code);
        return code;
    }

    private static void type(PipedOutputStream keyboard, String line) throws java.io.IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
