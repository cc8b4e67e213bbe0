package dev.edgecam.testing;

import java.awt.Component;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;

/** What a person does with a window, for child JVMs running on {@link Xvfb}: find it, look at it, click, type. */
public final class Windows {

    private Windows() {
    }

    /**
     * The main of a child JVM that opens windows: exits with {@code body}'s result, or 2 when it throws. An
     * explicit exit, because the AWT thread would keep the JVM alive after main returns.
     */
    public static void exitWith(java.util.concurrent.Callable<Integer> body) {
        int code;
        try {
            code = body.call();
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            code = 2;
        }
        System.exit(code);
    }

    /** Waits up to 30 s for a showing window whose title starts with {@code titlePrefix}. */
    public static JFrame waitFor(String titlePrefix) throws InterruptedException, IOException {
        for (int i = 0; i < 300; i++) {
            for (Frame frame : Frame.getFrames()) {
                if (frame instanceof JFrame jframe && frame.isShowing() && String.valueOf(frame.getTitle()).startsWith(titlePrefix)) {
                    return jframe;
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no window '" + titlePrefix + "...' appeared within 30 s");
    }

    /** Saves what the window's content area shows on screen as a PNG and returns that area. */
    public static Rectangle screenshot(JFrame window, Robot robot, File png) throws Exception {
        Rectangle[] bounds = new Rectangle[1];
        SwingUtilities.invokeAndWait(() -> {
            Component content = window.getContentPane();
            Point at = content.getLocationOnScreen();
            bounds[0] = new Rectangle(at.x, at.y, content.getWidth(), content.getHeight());
        });
        BufferedImage shot = robot.createScreenCapture(bounds[0]);
        ImageIO.write(shot, "png", png);
        return bounds[0];
    }

    /** Clicks into the area to give its window the keyboard, then presses and releases each key. */
    public static void clickAndType(Robot robot, Rectangle area, int... keys) {
        robot.mouseMove(area.x + area.width / 2, area.y + area.height / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        for (int key : keys) {
            robot.keyPress(key);
            robot.keyRelease(key);
            robot.waitForIdle();
        }
    }
}
