package dev.edgecam.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a file at its native rate: sleeps until each frame's presentation time on our clock, and carries that clock
 * on across loops. A file without usable timestamps (missing, or not increasing: raw streams) plays at its nominal
 * rate, 25 fps when it states none, rather than as fast as it decodes. Cameras and URLs deliver in real time
 * already and need none of this. Used by the capture loop's thread only.
 */
final class FilePacer {

    private static final Logger log = LoggerFactory.getLogger(FilePacer.class);
    /** A file source further behind its clock than this resynchronises instead of racing to catch up. */
    private static final long MAX_LAG_NANOS = 1_000_000_000L;
    /** The rate of a file that states none and has no timestamps. */
    private static final double DEFAULT_FILE_FPS = 25;

    private final String name;
    /** The file's stated rate; 0 when it states none. */
    private double fps;
    // Where in the file the current loop started, and when playback began on our clock.
    private long playStartNanos;
    private long loopOffsetMicros;
    private long firstTimestampMicros = Long.MIN_VALUE;
    private long lastTimestampMicros;
    /** Set once a file's timestamps turn out missing or not increasing: it then plays at its nominal rate. */
    private boolean steadyPacing;
    private long lastDueNanos;

    /** @param name the file, for log lines */
    FilePacer(String name) {
        this.name = name;
    }

    /** Starts the clock afresh for a file just opened, whose stated rate is {@code fps} (0 when it states none). */
    void restart(double fps) {
        this.fps = fps;
        playStartNanos = System.nanoTime();
        loopOffsetMicros = 0;
        firstTimestampMicros = Long.MIN_VALUE;
        lastTimestampMicros = 0;
        steadyPacing = false;
        lastDueNanos = playStartNanos;
    }

    /** The file ended and plays again from its start: its first frame comes one frame after the last one. */
    void looped() {
        long frameMicros = Math.round(1_000_000 / nominalFps());
        loopOffsetMicros += Math.max(0, lastTimestampMicros - Math.max(0, firstTimestampMicros)) + frameMicros;
        firstTimestampMicros = Long.MIN_VALUE;
    }

    /** Sleeps until the presentation time of the frame stamped {@code timestampMicros} ({@code AV_NOPTS_VALUE}: none). */
    void pace(long timestampMicros) throws InterruptedException {
        if (!steadyPacing && (timestampMicros == AV_NOPTS_VALUE
                || (firstTimestampMicros != Long.MIN_VALUE && timestampMicros <= lastTimestampMicros))) {
            steadyPacing = true;
            log.debug("SOURCE: {} has no usable timestamps; playing it at {} fps", name, nominalFps());
        }
        long dueNanos;
        if (steadyPacing) {
            dueNanos = lastDueNanos + Math.round(1e9 / nominalFps());
        } else {
            if (firstTimestampMicros == Long.MIN_VALUE) {
                firstTimestampMicros = timestampMicros;
                if (loopOffsetMicros == 0) {
                    playStartNanos = System.nanoTime();
                }
            }
            lastTimestampMicros = timestampMicros;
            dueNanos = playStartNanos + (loopOffsetMicros + timestampMicros - firstTimestampMicros) * 1_000L;
        }
        long lag = System.nanoTime() - dueNanos;
        if (lag > MAX_LAG_NANOS) {
            // Far behind (the machine was busy): start the clock afresh instead of racing to catch up.
            playStartNanos += lag;
            dueNanos += lag;
        }
        lastDueNanos = dueNanos;
        Pacer.sleepUntil(dueNanos);
    }

    private double nominalFps() {
        return fps > 0 ? fps : DEFAULT_FILE_FPS;
    }
}
