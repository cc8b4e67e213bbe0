package dev.edgecam.client.shell;

import dev.edgecam.client.receive.LegacyClient;
import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.client.record.RecordingStatus;
import dev.edgecam.client.view.ViewWindow;
import dev.edgecam.frame.Size;
import dev.edgecam.media.JpegDimensions;
import dev.edgecam.media.MjpegFileRecorder;
import dev.edgecam.media.RecordingFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The original interactive client, for people used to it: the same prompt and the same commands over one
 * legacy connection. {@code 0} shows one image (in a window, or saved to a file without a display),
 * {@code 1} sends the confirmation, {@code 3} streams into a window and records to
 * {@code video_stream_<epoch-ms>.avi} (with the frames' real timing, not the original's fixed 20 fps) until
 * {@code q}, and {@code 2} ends the session. The end of input counts as {@code 2}.
 */
public final class LegacyShell {

    /** The original client's prompt, word for word. */
    public static final String PROMPT =
            "Enter command (0 to request image, 1 to do nothing, 2 to exit, 3 for video stream): ";

    /** How often the stream's progress line is rewritten. */
    static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private final LegacyClient client;
    private final LineInput input;
    private final PrintWriter out;
    private final Path directory;
    private final boolean windows;
    private ViewWindow window;
    private volatile boolean stopKeyPressed;

    /**
     * @param windows whether to show pictures in a window; without one, single images are saved as files
     */
    public LegacyShell(LegacyClient client, InputStream in, PrintWriter out, Path directory, boolean windows) {
        this.client = client;
        this.input = new LineInput(in);
        this.out = out;
        this.directory = directory;
        this.windows = windows;
    }

    /**
     * Runs the prompt until {@code 2} or the end of input.
     *
     * @return 0 after a normal exit, 1 when the connection failed (the message says how)
     */
    public int run() throws InterruptedException {
        try {
            while (true) {
                out.print(PROMPT);
                out.flush();
                String line = input.next();
                if (line == LineInput.END) {
                    out.println();
                    client.endSession();
                    return 0;
                }
                switch (line.trim()) {
                    case "" -> { }
                    case "0" -> singleImage();
                    case "1" -> client.confirm();
                    case "2" -> {
                        client.endSession();
                        out.println("bye");
                        return 0;
                    }
                    case "3" -> stream();
                    case "q" -> out.println("not streaming: type 3 to start a video stream");
                    default -> out.println("unknown command '" + line.trim() + "': type 0, 1, 2 or 3");
                }
            }
        } catch (IOException e) {
            out.println("edgecam: " + e.getMessage());
            client.close();
            return 1;
        } finally {
            out.flush();
            if (window != null) {
                window.close();
            }
        }
    }

    private void singleImage() throws IOException {
        ReceivedFrame frame = client.requestFrame();
        String what = describe(frame);
        if (showInWindow(frame)) {
            out.println("image: " + what + ", shown in the window");
        } else {
            Path file = directory.resolve("image_" + System.currentTimeMillis() + ".jpg");
            Files.write(file, frame.jpeg());
            out.println("image: " + what + ", saved to " + file.toAbsolutePath());
        }
    }

    private void stream() throws IOException, InterruptedException {
        Path file = directory.resolve("video_stream_" + System.currentTimeMillis() + ".avi");
        stopKeyPressed = false;
        try (MjpegFileRecorder recorder = new MjpegFileRecorder(file, RecordingFormat.AVI)) {
            client.startStream();
            out.println("streaming; recording to " + file.toAbsolutePath() + "; type q and Enter"
                    + (windows ? " (or press q in the window)" : "") + " to stop");
            out.flush();
            RecordingStatus status = new RecordingStatus();
            long lastProgress = System.nanoTime();
            while (!stopRequested()) {
                ReceivedFrame frame = client.nextFrame();
                if (frame == null) {
                    throw new IOException("the server closed the connection while streaming");
                }
                recorder.write(frame);
                showInWindow(frame);
                if (frame.receiveNanos() - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                    lastProgress = frame.receiveNanos();
                    out.print("\r" + status.line(recorder) + "    ");
                    out.flush();
                }
            }
            client.stopStream();
            recorder.close();
            out.println();
            out.println(recorder.frames() == 0 ? "stopped before any frame arrived; nothing saved"
                    : "saved " + recorder.frames() + " frames, " + RecordingStatus.clock(recorder.durationMicros() / 1_000_000L)
                            + ", " + RecordingStatus.bytes(recorder.bytes()) + " to " + file.toAbsolutePath());
        }
    }

    private boolean stopRequested() throws InterruptedException {
        if (stopKeyPressed) {
            return true;
        }
        for (String line; (line = input.poll()) != null; ) {
            if (line == LineInput.END || line.trim().equals("q")) {
                return true;
            }
            out.println("streaming: type q and Enter to stop");
            out.flush();
        }
        return false;
    }

    /** Shows the frame when windows are on (opening the window the first time); false when it cannot. */
    private boolean showInWindow(ReceivedFrame frame) throws IOException {
        if (!windows) {
            return false;
        }
        if (window == null) {
            window = ViewWindow.open("edgecam shell " + client.describe(), key -> {
                if (key == 'q') {
                    stopKeyPressed = true;
                }
            });
        }
        window.show(frame);
        return true;
    }

    private static String describe(ReceivedFrame frame) {
        Size size = JpegDimensions.of(frame.jpeg());
        return (size == null ? "JPEG" : size.toString()) + ", " + RecordingStatus.bytes(frame.size());
    }
}
