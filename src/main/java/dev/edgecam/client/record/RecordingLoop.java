package dev.edgecam.client.record;

import dev.edgecam.client.receive.FrameReceiver;
import dev.edgecam.client.receive.ReceivedFrame;
import dev.edgecam.media.Recorder;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Moves frames from a receiver into a recorder until a limit is reached, the receiver ends, or
 * {@link #stop()} is called (from a signal handler or a timer). The recorder is left open: the caller
 * finishes the file.
 */
public final class RecordingLoop {

    /** How often progress is reported at most. */
    static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private final FrameReceiver receiver;
    private final Recorder recorder;
    private final RecordingLimits limits;
    private final Consumer<Recorder> progress;
    private volatile boolean stopped;
    /** Set by the deadline timer: it runs on the wall clock, to the millisecond, so it may fire a little before
     * {@link System#nanoTime()} reaches the deadline; the reason for the stop must not then read "stopped". */
    private volatile boolean deadlineReached;

    /** @param progress told about the recorder's state every half second and once at the end, on the loop's thread */
    public RecordingLoop(FrameReceiver receiver, Recorder recorder, RecordingLimits limits, Consumer<Recorder> progress) {
        this.receiver = receiver;
        this.recorder = recorder;
        this.limits = limits;
        this.progress = progress;
    }

    /**
     * Records until a limit, the end of the stream, or {@link #stop()}.
     *
     * @return why it ended, for the user
     * @throws IOException when receiving fails for good or the file cannot be written; what was written stays
     */
    public String run() throws IOException {
        long started = System.nanoTime();
        long deadline = limits.maxDuration().isZero() ? Long.MAX_VALUE : started + limits.maxDuration().toNanos();
        long lastProgress = started;
        // A stalled or reconnecting stream would not reach the frame check below: wake the loop at the deadline.
        java.util.Timer deadlineTimer = limits.maxDuration().isZero() ? null : new java.util.Timer("recording deadline", true);
        if (deadlineTimer != null) {
            deadlineTimer.schedule(new java.util.TimerTask() {
                @Override
                public void run() {
                    deadlineReached = true;
                    stop();
                }
            }, Math.max(1, limits.maxDuration().toMillis()));
        }
        try {
            while (!stopped) {
                if (limits.maxFrames() > 0 && recorder.frames() >= limits.maxFrames()) {
                    return "recorded " + limits.maxFrames() + " frames";
                }
                ReceivedFrame frame = receiver.next();
                if (frame == null) {
                    return stopped ? stopReason(deadline) : "the server ended the stream";
                }
                if (frame.receiveNanos() - deadline >= 0) {
                    return stopReason(deadline);
                }
                recorder.write(frame);
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                    progress.accept(recorder);
                    lastProgress = now;
                }
            }
            return stopReason(deadline);
        } finally {
            if (deadlineTimer != null) {
                deadlineTimer.cancel();
            }
            progress.accept(recorder);
        }
    }

    private String stopReason(long deadline) {
        return deadlineReached || System.nanoTime() - deadline >= 0 ? "reached the duration" : "stopped";
    }

    /** Ends {@link #run()} soon: wakes it if it waits for a frame. Safe from any thread. */
    public void stop() {
        stopped = true;
        receiver.close();
    }
}
