package dev.edgecam.wire.mjpeg;

/**
 * One part of an MJPEG stream: the JPEG and what its headers said about it.
 *
 * @param jpeg the part's body, exactly {@code Content-Length} bytes
 * @param captureEpochMicros the {@code X-Timestamp} header in epoch microseconds, or {@link #UNKNOWN}
 * @param sequence the {@code X-Sequence} header, or {@link #UNKNOWN}
 */
public record MjpegPart(byte[] jpeg, long captureEpochMicros, long sequence) {

    public static final long UNKNOWN = -1;
}
