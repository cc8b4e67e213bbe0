package dev.edgecam.client.view;

import dev.edgecam.client.receive.ReceivedFrame;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * A window showing frames as they arrive, scaled to fit, with an overlay of frame rate, resolution and
 * bit rate plus status lines (recording, reconnecting). Keys are passed to a {@link KeyHandler}.
 *
 * <p>Latest frame wins: {@link #show} may be called from any thread at any rate; one decoder thread decodes
 * the newest frame and the Swing thread paints the newest picture, so a slow display never slows the receiver.
 */
public final class ViewWindow implements AutoCloseable {

    /** Reacts to a key typed in the window, or to the window being closed (reported as {@code 'q'}). */
    @FunctionalInterface
    public interface KeyHandler {
        void keyTyped(char key);
    }

    static final Dimension MIN_SIZE = new Dimension(640, 480);
    static final Dimension MAX_INITIAL_SIZE = new Dimension(1280, 720);

    private final JFrame frame;
    private final VideoPanel panel;
    private final StreamMeter meter = new StreamMeter();
    /** The newest frame not yet decoded; the decoder takes it, a newer one replaces it. */
    private final AtomicReference<ReceivedFrame> toDecode = new AtomicReference<>();
    /** The newest decoded picture not yet painted. */
    private final AtomicReference<BufferedImage> pending = new AtomicReference<>();
    private final java.util.concurrent.ExecutorService decoder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "view decoder");
        thread.setDaemon(true);
        return thread;
    });
    private volatile List<String> status = List.of();
    private volatile String resolution = "-";
    private volatile boolean sized;

    private ViewWindow(String title, KeyHandler keys) {
        panel = new VideoPanel(MIN_SIZE);
        frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.getContentPane().add(panel);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                keys.keyTyped('q');
            }
        });
        frame.addKeyListener(new KeyAdapter() {
            @Override
            public void keyTyped(KeyEvent e) {
                keys.keyTyped(Character.toLowerCase(e.getKeyChar()));
            }
        });
        frame.pack();
        frame.setLocationRelativeTo(null);
        frame.setVisible(true);
        frame.toFront();
        frame.requestFocus();
    }

    /** Why no window can open here, or {@code null} when one can. */
    public static String whyNoDisplay() {
        if (!GraphicsEnvironment.isHeadless()) {
            return null;
        }
        String display = System.getenv("DISPLAY");
        return display == null || display.isEmpty()
                ? "no display: DISPLAY is not set (run it on a desktop, or over ssh -X)"
                : "no display: Java runs headless (java.awt.headless is set) although DISPLAY is " + display;
    }

    /** Opens the window on the Swing thread and returns once it is visible. */
    public static ViewWindow open(String title, KeyHandler keys) throws IOException {
        String why = whyNoDisplay();
        if (why != null) {
            throw new IOException(why);
        }
        AtomicReference<ViewWindow> window = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> window.set(new ViewWindow(title, keys)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the window", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IOException("the window could not open: " + e.getCause(), e.getCause());
        }
        return window.get();
    }

    /**
     * Shows a frame. Returns at once: the JPEG is decoded on the window's own decoder thread, newest first,
     * so a slow decode skips frames on screen but never slows the caller (which may be recording every frame).
     */
    public void show(ReceivedFrame received) {
        meter.add(received.receiveNanos(), received.size());
        if (toDecode.getAndSet(received) == null) {
            try {
                decoder.execute(this::decodeNewest);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // The window is closed: nothing to show.
            }
        }
    }

    private void decodeNewest() {
        ReceivedFrame received = toDecode.getAndSet(null);
        if (received == null) {
            return;
        }
        BufferedImage picture;
        try {
            picture = ImageIO.read(new ByteArrayInputStream(received.jpeg()));
        } catch (IOException | RuntimeException e) {
            picture = null; // a frame that does not decode is counted but not shown
        }
        if (picture == null) {
            return;
        }
        resolution = picture.getWidth() + "x" + picture.getHeight();
        if (pending.getAndSet(picture) == null) {
            SwingUtilities.invokeLater(this::paintPending);
        }
    }

    /** Replaces the status lines under the numbers (such as "REC clip.mkv" or "reconnecting in 2 s"). */
    public void status(List<String> lines) {
        status = List.copyOf(lines);
        SwingUtilities.invokeLater(() -> panel.overlay(overlayLines()));
    }

    /** True once at least one frame was painted. */
    public boolean hasPicture() {
        return sized;
    }

    private void paintPending() {
        BufferedImage picture = pending.getAndSet(null);
        if (picture == null) {
            return;
        }
        if (!sized) {
            sized = true;
            fitWindowTo(picture);
        }
        panel.show(picture, overlayLines());
    }

    private void fitWindowTo(BufferedImage picture) {
        double scale = Math.min(1.0, Math.min(MAX_INITIAL_SIZE.width / (double) picture.getWidth(),
                MAX_INITIAL_SIZE.height / (double) picture.getHeight()));
        int w = Math.max(MIN_SIZE.width, (int) (picture.getWidth() * scale));
        int h = Math.max(MIN_SIZE.height, (int) (picture.getHeight() * scale));
        panel.setPreferredSize(new Dimension(w, h));
        frame.pack();
        frame.setLocationRelativeTo(null);
    }

    private List<String> overlayLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%.1f fps  %s  %.2f Mbit/s", meter.fps(), resolution,
                meter.bitsPerSecond() / 1e6));
        lines.addAll(status);
        return lines;
    }

    /** The area showing the picture, in screen coordinates (for screenshots in tests). */
    public java.awt.Rectangle pictureBoundsOnScreen() throws IOException {
        AtomicReference<java.awt.Rectangle> bounds = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> bounds.set(new java.awt.Rectangle(panel.getLocationOnScreen(), panel.getSize())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IOException(e.getCause());
        }
        return bounds.get();
    }

    /** Closes the window. Idempotent. */
    @Override
    public void close() {
        decoder.shutdownNow();
        SwingUtilities.invokeLater(frame::dispose);
    }
}
