package dev.edgecam.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.edgecam.frame.Size;
import dev.edgecam.source.Capture;
import dev.edgecam.source.FrameSource;
import dev.edgecam.source.SourceSpec;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A camera looking at a still scene (grey steps) in which a white square moves during known times: the clip for
 * motion detection tests, made as it plays, at 30 fps with real capture times. From {@link #movingFromSeconds} to
 * {@link #movingUntilSeconds} after {@link #open()} the square crosses its region from left to right; before and
 * after it stands still (still pixels: no motion). The square is 1/8 of the picture's width and height; its region
 * is given in fractions of the picture.
 */
public final class MovingSquareSource implements FrameSource {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FPS = 30;

    private final double movingFromSeconds;
    private final double movingUntilSeconds;
    private final double left;
    private final double top;
    private final double right;
    private final Mat canvas = new Mat(HEIGHT, WIDTH, CV_8UC3);
    private long openedNanos;
    private long openedEpochMicros;
    private long frame;

    /**
     * @param left where the square starts, as a fraction of the width (its left edge)
     * @param top its top edge, as a fraction of the height
     * @param right where it ends (its left edge)
     */
    public MovingSquareSource(double movingFromSeconds, double movingUntilSeconds, double left, double top,
                              double right) {
        this.movingFromSeconds = movingFromSeconds;
        this.movingUntilSeconds = movingUntilSeconds;
        this.left = left;
        this.top = top;
        this.right = right;
    }

    /** When {@link #open()} was called, in microseconds since the epoch: the clip's time 0. */
    public long openedEpochMicros() {
        return openedEpochMicros;
    }

    @Override
    public String describe() {
        return "moving square " + WIDTH + "x" + HEIGHT;
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.TEST;
    }

    @Override
    public void open() {
        openedNanos = System.nanoTime();
        openedEpochMicros = Capture.nowEpochMicros();
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        long due = openedNanos + frame * 1_000_000_000L / FPS;
        while (due - System.nanoTime() > 0) {
            LockSupport.parkNanos(due - System.nanoTime());
            if (Thread.interrupted()) {
                throw new InterruptedException("moving square interrupted");
            }
        }
        frame++;
        long nanos = System.nanoTime();
        double seconds = (nanos - openedNanos) / 1e9;
        draw(seconds);
        return new Capture.Pixels(canvas, nanos, openedEpochMicros + (nanos - openedNanos) / 1000);
    }

    private void draw(double seconds) {
        for (int band = 0; band < 8; band++) {
            int grey = 40 + band * 20;
            rectangle(canvas, new Point(band * WIDTH / 8, 0), new Point((band + 1) * WIDTH / 8, HEIGHT),
                    new Scalar(grey, grey, grey, 0), FILLED, 8, 0);
        }
        double progress = Math.max(0, Math.min(1, (seconds - movingFromSeconds) / (movingUntilSeconds - movingFromSeconds)));
        int x = (int) Math.round((left + (right - left) * progress) * WIDTH);
        int y = (int) Math.round(top * HEIGHT);
        rectangle(canvas, new Point(x, y), new Point(x + WIDTH / 8, y + HEIGHT / 8), new Scalar(255, 255, 255, 0),
                FILLED, 8, 0);
    }

    @Override
    public double nominalFps() {
        return FPS;
    }

    @Override
    public Size size() {
        return new Size(WIDTH, HEIGHT);
    }

    @Override
    public void close() {
        canvas.close();
    }
}
