package dev.edgecam.frame;

/**
 * One encoded picture as the hub hands it to every client.
 *
 * <p>The {@code jpeg} array is shared by all clients and transports and must never be modified: it is
 * encoded once and written to every socket as it is.
 *
 * @param sequence increasing number given by the capture loop, starting at 1; a gap means frames were dropped
 * @param captureNanos {@link System#nanoTime()} when the source produced the picture (for freshness checks)
 * @param captureEpochMicros wall-clock capture time in microseconds since the epoch (for the wire and latency)
 * @param width picture width in pixels
 * @param height picture height in pixels
 * @param jpeg one baseline JPEG image
 */
public record Frame(long sequence, long captureNanos, long captureEpochMicros, int width, int height, byte[] jpeg) {

    public Frame {
        if (jpeg == null || jpeg.length == 0) {
            throw new IllegalArgumentException("a frame needs JPEG bytes");
        }
    }

    public int size() {
        return jpeg.length;
    }

    @Override
    public String toString() {
        return "Frame[#" + sequence + " " + width + "x" + height + " " + jpeg.length + " bytes]";
    }
}
