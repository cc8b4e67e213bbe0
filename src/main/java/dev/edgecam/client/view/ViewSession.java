package dev.edgecam.client.view;

import dev.edgecam.client.receive.FrameReceiver;
import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.client.receive.ReconnectingReceiver;
import dev.edgecam.client.record.RecordingStatus;
import dev.edgecam.media.MjpegFileRecorder;
import dev.edgecam.media.Recorder;
import dev.edgecam.media.RecordingFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code edgecam view}'s loop: frames from a receiver into a {@link ViewWindow}, with the keys {@code q}
 * quit, {@code s} save a snapshot and {@code r} start or stop recording (MJPEG in Matroska, as
 * {@code edgecam record} writes). Messages go to the window's overlay and to {@code messages}.
 */
public final class ViewSession implements ViewWindow.KeyHandler, ReconnectingReceiver.Listener {

    private final Path directory;
    private final PrintWriter messages;
    private final Object recordingLock = new Object();
    private volatile FrameReceiver receiver;
    private volatile ViewWindow window;
    private volatile ReceivedFrame latest;
    private volatile String connectionStatus;
    private volatile String lastNotice;
    private Recorder recorder;
    /** Measures the running recording's frame rate between overlay updates. */
    private RecordingStatus recordingStatus;

    /** @param directory where snapshots and recordings go */
    public ViewSession(Path directory, PrintWriter messages) {
        this.directory = directory;
        this.messages = messages;
    }

    /**
     * Opens the window and shows frames until {@code q}, the window is closed, or the stream ends.
     *
     * @return a one-line reason the session ended
     * @throws IOException when the window cannot open or the stream fails for good
     */
    public String run(FrameReceiver frames, String title) throws IOException {
        receiver = frames;
        window = ViewWindow.open(title, this);
        updateStatus();
        try {
            for (ReceivedFrame frame; (frame = frames.next()) != null; ) {
                latest = frame;
                window.show(frame);
                recordIfOn(frame);
            }
            return "closed";
        } finally {
            stopRecording();
            window.close();
        }
    }

    /** The window, once open (for tests that take screenshots). */
    public ViewWindow window() {
        return window;
    }

    @Override
    public void keyTyped(char key) {
        switch (key) {
            case 'q' -> {
                FrameReceiver r = receiver;
                if (r != null) {
                    r.close();
                }
            }
            case 's' -> saveSnapshot();
            case 'r' -> toggleRecording();
            default -> { /* other keys do nothing */ }
        }
    }

    @Override
    public void connectionLost(String reason, Duration wait, int attempt) {
        connectionStatus = String.format(Locale.ROOT, "connection lost; reconnecting in %.1f s (attempt %d)",
                wait.toMillis() / 1000.0, attempt);
        messages.printf(Locale.ROOT, "connection lost: %s; reconnecting in %.1f s (attempt %d)%n", reason,
                wait.toMillis() / 1000.0, attempt);
        messages.flush();
        updateStatus();
    }

    @Override
    public void reconnected(String server, int attempts) {
        connectionStatus = null;
        notice("reconnected to " + server);
        updateStatus();
    }

    private void saveSnapshot() {
        ReceivedFrame frame = latest;
        if (frame == null) {
            notice("no picture yet to save");
            return;
        }
        Path file = directory.resolve("snapshot_" + System.currentTimeMillis() + ".jpg");
        try {
            Files.write(file, frame.jpeg());
            notice("saved snapshot " + file.toAbsolutePath());
        } catch (IOException e) {
            notice("cannot save the snapshot to " + file + ": " + e.getMessage());
        }
    }

    private void toggleRecording() {
        synchronized (recordingLock) {
            if (recorder != null) {
                stopRecording();
                return;
            }
            Path file = directory.resolve("recording_" + System.currentTimeMillis() + RecordingFormat.MKV.extension());
            recorder = new MjpegFileRecorder(file, RecordingFormat.MKV);
            recordingStatus = new RecordingStatus();
            notice("recording to " + file.toAbsolutePath() + " (r stops)");
        }
        updateStatus();
    }

    private void recordIfOn(ReceivedFrame frame) {
        synchronized (recordingLock) {
            if (recorder == null) {
                return;
            }
            try {
                recorder.write(frame);
            } catch (IOException e) {
                notice("recording failed: " + e.getMessage());
                stopRecording();
            }
        }
        updateStatus();
    }

    private void stopRecording() {
        Recorder finished;
        synchronized (recordingLock) {
            finished = recorder;
            recorder = null;
        }
        if (finished == null) {
            return;
        }
        try {
            finished.close();
            notice(finished.frames() == 0 ? "recording stopped before any frame; nothing saved"
                    : "saved recording " + finished.path().toAbsolutePath() + ": " + finished.frames() + " frames, "
                            + RecordingStatus.clock(finished.durationMicros() / 1_000_000L) + ", "
                            + RecordingStatus.bytes(finished.bytes()));
        } catch (IOException e) {
            notice("finishing the recording failed: " + e.getMessage());
        }
        updateStatus();
    }

    private void notice(String text) {
        lastNotice = text;
        messages.println(text);
        messages.flush();
        updateStatus();
    }

    private void updateStatus() {
        ViewWindow w = window;
        if (w == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        synchronized (recordingLock) {
            if (recorder != null) {
                lines.add("REC " + recordingStatus.line(recorder));
            }
        }
        if (connectionStatus != null) {
            lines.add(connectionStatus);
        }
        if (lastNotice != null) {
            lines.add(lastNotice);
        }
        lines.add("q quit  s snapshot  r record");
        w.status(lines);
    }
}
