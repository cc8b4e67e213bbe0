package dev.edgecam.client.receive;

import dev.edgecam.media.TimedJpeg;

/**
 * One JPEG as a client received it, in arrival order.
 *
 * <p>The {@code jpeg} array belongs to the receiver's caller: nothing else holds or changes it.
 *
 * @param sequence the frame's number: the server's when the wire carries one (HTTP), else counted by the
 *     receiver from 1 in arrival order (legacy TCP, which carries none)
 * @param receiveNanos {@link System#nanoTime()} when the last byte of the frame arrived
 * @param receiveEpochMicros wall-clock arrival time, microseconds since the epoch
 * @param captureEpochMicros the server's capture time in epoch microseconds when the wire carries it
 *     (HTTP {@code X-Timestamp}), else {@link #UNKNOWN}
 * @param jpeg one JPEG image, exactly as it came off the wire
 */
public record ReceivedFrame(long sequence, long receiveNanos, long receiveEpochMicros, long captureEpochMicros,
                            byte[] jpeg) implements TimedJpeg {

    /** Marks a capture time the wire did not carry. */
    public static final long UNKNOWN = -1;

    public ReceivedFrame {
        if (jpeg == null || jpeg.length == 0) {
            throw new IllegalArgumentException("a received frame needs JPEG bytes");
        }
    }

    /** A frame received just now, with no capture time. */
    public static ReceivedFrame arrivedNow(long sequence, byte[] jpeg) {
        return new ReceivedFrame(sequence, System.nanoTime(), currentEpochMicros(), UNKNOWN, jpeg);
    }

    /**
     * The time to place this frame on a recording's timeline, in microseconds: the capture time when known
     * (so network jitter does not shake playback), else the monotonic arrival time. Only differences between
     * frames of one receiver are meaningful.
     */
    @Override
    public long timelineMicros() {
        return captureEpochMicros != UNKNOWN ? captureEpochMicros : receiveNanos / 1_000L;
    }

    public int size() {
        return jpeg.length;
    }

    /** The wall clock in microseconds since the epoch. */
    public static long currentEpochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    @Override
    public String toString() {
        return "ReceivedFrame[#" + sequence + " " + jpeg.length + " bytes]";
    }
}
