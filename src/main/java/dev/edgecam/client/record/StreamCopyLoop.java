package dev.edgecam.client.record;

import dev.edgecam.client.receive.RtspConnection;
import dev.edgecam.media.H264StreamCopyRecorder;
import java.io.IOException;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Moves an RTSP stream's H.264 packets, as they came, into a {@link H264StreamCopyRecorder} until a limit is reached,
 * the stream ends, or {@link #stop()} is called. The stream-copy counterpart of {@link RecordingLoop}; it does not
 * reconnect (a new session's timestamps would start again). Both are left open: the caller closes them.
 *
 * <p>FFmpeg cannot be woken while it waits, so {@link #stop()} takes effect after the next packet (a thirtieth of a
 * second on a live stream), or when the read timeout ends a stalled stream.
 */
public final class StreamCopyLoop {

    private final RtspConnection connection;
    private final H264StreamCopyRecorder recorder;
    private final RecordingLimits limits;
    private final Consumer<H264StreamCopyRecorder> progress;
    private volatile boolean stopped;

    /** @param progress told about the recorder's state every half second and once at the end, on the loop's thread */
    public StreamCopyLoop(RtspConnection connection, H264StreamCopyRecorder recorder, RecordingLimits limits,
                          Consumer<H264StreamCopyRecorder> progress) {
        this.connection = connection;
        this.recorder = recorder;
        this.limits = limits;
        this.progress = progress;
    }

    /**
     * Records until a limit, the end of the stream, or {@link #stop()}. The duration counts from the first packet
     * written (the first keyframe), as the file's own timeline does.
     *
     * @return why it ended, for the user
     * @throws IOException when receiving fails or the file cannot be written; what was written stays
     */
    public String run() throws IOException {
        long lastProgress = System.nanoTime();
        try {
            while (!stopped) {
                if (limits.maxFrames() > 0 && recorder.frames() >= limits.maxFrames()) {
                    return "recorded " + limits.maxFrames() + " frames";
                }
                if (!limits.maxDuration().isZero() && recorder.durationMicros() >= limits.maxDuration().toNanos() / 1000) {
                    return "reached the duration";
                }
                AVPacket packet = connection.grabPacket();
                if (packet == null) {
                    return "the server ended the stream";
                }
                recorder.write(packet);
                long now = System.nanoTime();
                if (now - lastProgress >= RecordingLoop.PROGRESS_INTERVAL_NANOS) {
                    progress.accept(recorder);
                    lastProgress = now;
                }
            }
            return "stopped";
        } finally {
            progress.accept(recorder);
        }
    }

    /** Ends {@link #run()} after the packet it waits for. Safe from any thread. */
    public void stop() {
        stopped = true;
    }
}
