package dev.edgecam.source;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import dev.edgecam.frame.Size;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The picture viewers see while the source is offline: "NO SIGNAL", the wall-clock time (so a viewer can
 * tell the stream itself is alive), how long the source has been gone and why. Drawn with OpenCV like
 * {@link TestPatternSource}; the caller encodes it once and shares it with every client.
 *
 * <p>The background is a flat dark blue ({@link #BACKGROUND_BGR}) so that tests and people can tell it from
 * real video at a glance. Not thread-safe: used by the capture thread only.
 */
public final class NoSignalPicture implements AutoCloseable {

    /** Background colour in OpenCV's B, G, R order. */
    public static final int[] BACKGROUND_BGR = {96, 32, 16};
    /** Longest reason shown; longer ones are cut, so a huge error text cannot overflow the picture. */
    static final int MAX_REASON_CHARS = 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Size size;
    private final Mat canvas;

    public NoSignalPicture(Size size) {
        this.size = size;
        this.canvas = new Mat(size.height(), size.width(), CV_8UC3);
    }

    public Size size() {
        return size;
    }

    /**
     * Draws the picture for {@code now}. The returned {@code Mat} is owned by this object and valid until
     * the next call or {@link #close()}.
     *
     * @param reason why the source is offline (cut to {@link #MAX_REASON_CHARS})
     * @param offlineSince when the source went offline
     */
    public Mat draw(String reason, Instant offlineSince, Instant now) {
        try (Scalar background = new Scalar(BACKGROUND_BGR[0], BACKGROUND_BGR[1], BACKGROUND_BGR[2], 0)) {
            canvas.put(background);
        }
        int h = size.height();
        int w = size.width();
        double scale = h / 480.0;
        int margin = Math.max(4, w / 20);
        text("NO SIGNAL", margin, h * 2 / 5, 2.0 * scale, Math.max(1, (int) Math.round(3 * scale)));
        text(LocalDateTime.ofInstant(now, ZoneId.systemDefault()).format(CLOCK), margin, h * 3 / 5, 0.9 * scale, 2);
        text("offline for " + formatDuration(Duration.between(offlineSince, now)) + ", retrying", margin,
                h * 7 / 10, 0.7 * scale, 1);
        text(shorten(reason), margin, h * 4 / 5, 0.5 * scale, 1);
        return canvas;
    }

    private void text(String text, int x, int y, double scale, int thickness) {
        try (Point at = new Point(x, y); Scalar white = new Scalar(255, 255, 255, 0)) {
            putText(canvas, text, at, FONT_HERSHEY_SIMPLEX, Math.max(0.3, scale), white, thickness, LINE_AA, false);
        }
    }

    static String shorten(String reason) {
        String oneLine = reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
        // OpenCV's Hershey fonts draw ASCII only; anything else would become '?'.
        oneLine = oneLine.replaceAll("[^\\x20-\\x7E]", "?");
        return oneLine.length() <= MAX_REASON_CHARS ? oneLine : oneLine.substring(0, MAX_REASON_CHARS - 3) + "...";
    }

    static String formatDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    @Override
    public void close() {
        canvas.close();
    }
}
