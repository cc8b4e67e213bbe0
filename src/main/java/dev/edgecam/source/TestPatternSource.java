package dev.edgecam.source;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.edgecam.frame.Size;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * An animated test pattern: colour bars, a grey ramp, a ball that moves, a sweeping hand, and the frame
 * counter and wall-clock time burned in. It is the default source when there is no camera, so the server
 * always has something to stream. When nobody watches it keeps its pace but draws nothing.
 */
public final class TestPatternSource implements FrameSource {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    // Colours drawn every frame are made once: each Scalar is a native allocation with a deallocator, and the
    // JFR allocation profile of the 200-client benchmark showed those as half of the server's allocation.
    private static final Scalar WHITE = rgb(255, 255, 255);
    private static final Scalar YELLOW = rgb(255, 220, 0);
    private static final Scalar[] BARS = {
        rgb(192, 192, 192), rgb(192, 192, 0), rgb(0, 192, 192), rgb(0, 192, 0),
        rgb(192, 0, 192), rgb(192, 0, 0), rgb(0, 0, 192), rgb(16, 16, 16),
    };
    private static final int RAMP_STEPS = 32;

    private final Size size;
    private final double fps;
    private Pacer pacer;
    private Mat background;
    private Mat canvas;
    private long tick;

    public TestPatternSource(Size size, double fps) {
        this.size = size;
        this.fps = fps;
    }

    @Override
    public String describe() {
        return "test pattern " + size + " at " + formatFps(fps) + " fps";
    }

    @Override
    public SourceSpec.Kind kind() {
        return SourceSpec.Kind.TEST;
    }

    @Override
    public Size size() {
        return size;
    }

    @Override
    public void open() {
        close();
        background = drawBackground(size);
        canvas = new Mat(size.height(), size.width(), CV_8UC3);
        pacer = new Pacer(fps);
    }

    @Override
    public Capture next(boolean wanted) throws InterruptedException {
        pacer.awaitNext();
        long captureNanos = System.nanoTime();
        long epochMicros = Capture.nowEpochMicros();
        tick++;
        if (!wanted) {
            return null;
        }
        background.copyTo(canvas);
        drawMovingParts(canvas, tick);
        return new Capture.Pixels(canvas, captureNanos, epochMicros);
    }

    @Override
    public double nominalFps() {
        return fps;
    }

    @Override
    public void close() {
        if (canvas != null) {
            canvas.close();
            canvas = null;
        }
        if (background != null) {
            background.close();
            background = null;
        }
    }

    private static Mat drawBackground(Size size) {
        int w = size.width();
        int h = size.height();
        Mat mat = new Mat(h, w, CV_8UC3, rgb(0, 0, 0));
        int barsBottom = h * 2 / 3;
        for (int i = 0; i < BARS.length; i++) {
            fill(mat, i * w / BARS.length, 0, (i + 1) * w / BARS.length, barsBottom, BARS[i]);
        }
        for (int i = 0; i < RAMP_STEPS; i++) {
            int level = i * 255 / (RAMP_STEPS - 1);
            fill(mat, i * w / RAMP_STEPS, barsBottom, (i + 1) * w / RAMP_STEPS, h * 5 / 6, rgb(level, level, level));
        }
        return mat;
    }

    private void drawMovingParts(Mat mat, long frame) {
        int w = size.width();
        int h = size.height();
        double t = frame / fps;
        int unit = Math.max(1, h / 36);

        // A ball bouncing left and right across the bars: motion that shows smoothness and dropped frames.
        double phase = (t * 0.5) % 2.0;
        double along = phase < 1.0 ? phase : 2.0 - phase;
        int radius = Math.max(4, h / 12);
        int ballX = radius + (int) Math.round(along * (w - 2 * radius));
        try (Point centre = new Point(ballX, h / 3)) {
            circle(mat, centre, radius, WHITE, FILLED, LINE_AA, 0);
        }

        // A hand sweeping once per second, like a clock's second hand.
        int hubX = w - h / 8;
        int hubY = h * 11 / 12 - unit;
        double angle = 2 * Math.PI * (frame % Math.max(1, Math.round(fps))) / Math.max(1, Math.round(fps));
        int length = h / 14;
        try (Point from = new Point(hubX, hubY);
             Point to = new Point(hubX + (int) (length * Math.sin(angle)), hubY - (int) (length * Math.cos(angle)))) {
            line(mat, from, to, YELLOW, Math.max(2, unit / 3), LINE_AA, 0);
        }

        double scale = h / 720.0;
        text(mat, "edgecam", unit, h * 5 / 6 + unit * 2, 1.2 * scale, 2);
        text(mat, String.format("frame %08d", frame), unit, h * 5 / 6 + unit * 4, 1.1 * scale, 2);
        text(mat, LocalDateTime.now().format(CLOCK), w / 3, h * 5 / 6 + unit * 4, 1.1 * scale, 2);
        text(mat, size + " @ " + formatFps(fps) + " fps", w / 3, h * 5 / 6 + unit * 2, 0.9 * scale, 2);
    }

    private static void text(Mat mat, String text, int x, int y, double scale, int thickness) {
        try (Point at = new Point(x, y)) {
            putText(mat, text, at, FONT_HERSHEY_SIMPLEX, Math.max(0.3, scale), WHITE, thickness, LINE_AA, false);
        }
    }

    private static void fill(Mat mat, int x0, int y0, int x1, int y1, Scalar colour) {
        try (Point a = new Point(x0, y0); Point b = new Point(x1 - 1, y1 - 1)) {
            rectangle(mat, a, b, colour, FILLED, 8, 0);
        }
    }

    private static Scalar rgb(int r, int g, int b) {
        return new Scalar(b, g, r, 0);
    }

    static String formatFps(double fps) {
        return fps == Math.rint(fps) ? String.valueOf((long) fps) : String.format("%.2f", fps);
    }
}
