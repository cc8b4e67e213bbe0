package dev.edgecam.client.record;

import dev.edgecam.media.RecordingFile;
import java.util.Locale;

/** Formats a recorder's state for people: {@code clip.mkv  00:01:05  1950 frames  30.0 fps  41.2 MB}. */
public final class RecordingStatus {

    private long previousFrames;
    private long previousNanos = System.nanoTime();
    private double fps;

    /** One line about {@code recorder}; the frame rate is measured since the previous line. */
    public String line(RecordingFile recorder) {
        long now = System.nanoTime();
        long frames = recorder.frames();
        double seconds = (now - previousNanos) / 1e9;
        if (seconds >= 0.25) {
            fps = (frames - previousFrames) / seconds;
            previousFrames = frames;
            previousNanos = now;
        }
        return String.format(Locale.ROOT, "%s  %s  %d frames  %.1f fps  %s", recorder.path().getFileName(),
                clock(recorder.durationMicros() / 1_000_000L), frames, fps, bytes(recorder.bytes()));
    }

    /** {@code hh:mm:ss}. */
    public static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** {@code 812 KB}, {@code 41.2 MB}, {@code 1.30 GB}. */
    public static String bytes(long bytes) {
        if (bytes < 1_000_000) {
            return (bytes + 999) / 1000 + " KB";
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
