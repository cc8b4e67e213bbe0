package dev.edgecam.client.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines typed by the user, read on a thread of their own so the shell can wait for a line at the prompt
 * and also notice a {@code q} typed while frames stream in. Holds at most {@link #MAX_PENDING_LINES};
 * beyond that the reader waits (typing ahead that far makes no sense).
 */
final class LineInput {

    static final int MAX_PENDING_LINES = 64;
    /** Stands for the end of input (Ctrl-D or a closed pipe). */
    static final String END = new String("end of input");
    /** Longest line kept; the rest of a longer line is dropped, so a pasted blob cannot fill memory. */
    static final int MAX_LINE_CHARS = 1_000;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(MAX_PENDING_LINES);

    LineInput(InputStream in) {
        Thread reader = new Thread(() -> readAll(in), "shell input");
        reader.setDaemon(true); // System.in cannot be interrupted; a daemon does not keep the JVM alive
        reader.start();
    }

    private void readAll(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.put(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
            }
        } catch (IOException e) {
            // Input is gone: same as its end.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            lines.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the next line; {@link #END} after the last. */
    String next() throws InterruptedException {
        String line = lines.take();
        if (line == END) {
            lines.offer(END); // stays ended for later calls
        }
        return line;
    }

    /** The next line if one was typed, else {@code null} at once. */
    String poll() throws InterruptedException {
        String line = lines.poll(0, TimeUnit.MILLISECONDS);
        if (line == END) {
            lines.offer(END);
        }
        return line;
    }
}
