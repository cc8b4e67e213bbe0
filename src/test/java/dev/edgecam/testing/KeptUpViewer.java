package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.wire.mjpeg.MjpegPart;
import dev.edgecam.wire.mjpeg.MjpegStreamReader;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An MJPEG viewer that reads every part the moment it arrives, on its own thread, and keeps each part's sequence and
 * arrival time.
 *
 * <p>A stream is latest-frame-wins: a viewer that stops reading for a few seconds fills the socket buffers, and the
 * server then skips frames for it, as it must. A test that reads some parts, does something slow (a reload, HTTP
 * requests), then reads more is such a stalled viewer, and sees gaps that say nothing about the server. This viewer
 * never stalls, so a gap in its sequences is the server's doing; {@link #assertNoFrameLostUncounted} checks that the
 * server accounted for it, and its messages list each part's sequence and arrival time.
 */
public final class KeptUpViewer implements AutoCloseable {

    /** Parts read at most (a minute at 10 fps), so a stream that never ends cannot keep the thread forever. */
    static final int MAX_PARTS = 600;

    private final Socket socket;
    private final MjpegStreamReader stream;
    private final long startNanos = System.nanoTime();
    private final List<Long> sequences = new ArrayList<>();
    private final List<Long> arrivalMillis = new ArrayList<>();
    private final Thread thread;
    private volatile String ended;

    private KeptUpViewer(Socket socket, MjpegStreamReader stream, String name) {
        this.socket = socket;
        this.stream = stream;
        this.thread = new Thread(this::readAll, "kept-up viewer " + name);
        this.thread.setDaemon(true);
    }

    /** Starts reading {@code stream}, read from {@code socket} (which has a read timeout), on a thread of its own. */
    public static KeptUpViewer follow(Socket socket, MjpegStreamReader stream, String name) {
        KeptUpViewer viewer = new KeptUpViewer(socket, stream, name);
        viewer.thread.start();
        return viewer;
    }

    private void readAll() {
        try {
            for (int i = 0; i < MAX_PARTS; i++) {
                MjpegPart part = stream.readPart();
                if (part == null) {
                    ended = "the server ended the stream";
                    return;
                }
                synchronized (this) {
                    sequences.add(part.sequence());
                    arrivalMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                }
            }
            ended = "read " + MAX_PARTS + " parts, the most it reads";
        } catch (IOException e) {
            ended = socket.isClosed() ? "closed by the test" : "reading failed: " + e;
        }
    }

    /** How many parts arrived so far. */
    public synchronized int parts() {
        return sequences.size();
    }

    /** Waits until {@code count} parts arrived in all, naming what arrived and why reading ended when they do not. */
    public void awaitParts(int count, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(parts()).as("parts the viewer read (reading ended: %s); %s", ended, describe())
                        .isGreaterThanOrEqualTo(count));
    }

    /**
     * Asserts that the camera's numbering went on through every part read (each sequence above the one before: the
     * camera was never restarted nor renumbered) and that the frames missing between them are no more than the
     * server counted as skipped for this viewer: every frame it did not get, the server chose to skip and said so.
     * Latest frame wins: a frame published while the viewer's previous write was on its way, or while the server's
     * threads were held up (a busy machine), is replaced by the newer one; a frame lost any other way is not counted.
     *
     * @param serverSkips what the server counted as skipped for this viewer, read after the parts arrived
     */
    public synchronized void assertNoFrameLostUncounted(long serverSkips) {
        assertThat(sequences).as("parts read; %s", describe()).isNotEmpty();
        long missing = 0;
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("the frame after #%d (part %d, arrived at %d ms); %s", sequences.get(i - 1),
                    i, arrivalMillis.get(i), describe()).isGreaterThan(sequences.get(i - 1));
            missing += sequences.get(i) - sequences.get(i - 1) - 1;
        }
        assertThat(missing).as("frames missing between the parts read, at most what the server counted as skipped; %s",
                describe()).isLessThanOrEqualTo(serverSkips);
    }

    /** The sequences read so far, each with its arrival in ms since the viewer started. */
    public synchronized String describe() {
        StringBuilder text = new StringBuilder("parts (sequence@ms):");
        for (int i = 0; i < sequences.size(); i++) {
            text.append(' ').append(sequences.get(i)).append('@').append(arrivalMillis.get(i));
        }
        return text.toString();
    }

    /** Closes the socket, which ends the reading thread, and waits for that thread. */
    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
