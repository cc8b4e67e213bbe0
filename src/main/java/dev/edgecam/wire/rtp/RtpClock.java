package dev.edgecam.wire.rtp;

/**
 * A stream's 90 kHz RTP clock, tied to the wall clock of capture: {@code rtp = offset + epochMicros * 90 / 1000}
 * (mod 2^32). Because it is a fixed function of the capture time, a sender report built with {@link #timestamp} of
 * any wall-clock time maps every frame's RTP timestamp back to the time it was captured.
 */
public final class RtpClock {

    /** Video's RTP clock rate (RFC 6184). */
    public static final int RATE_HZ = 90_000;

    private final long offset;

    /** @param offset the random start RFC 3550 asks for (only its low 32 bits count) */
    public RtpClock(long offset) {
        this.offset = offset & 0xffffffffL;
    }

    /** The RTP timestamp of a frame captured at {@code epochMicros}, unsigned 32 bits. */
    public long timestamp(long epochMicros) {
        return (offset + Math.floorDiv(epochMicros * 9, 100)) & 0xffffffffL;
    }

    /**
     * The capture time (epoch microseconds, to within 11 µs) of {@code rtpTimestamp}, given a sender report's mapping
     * of {@code srRtp} to {@code srEpochMicros}: what a receiver computes, for latency or for its own clock.
     */
    public static long epochMicros(long rtpTimestamp, long srRtp, long srEpochMicros) {
        int ticks = (int) ((rtpTimestamp - srRtp) & 0xffffffffL); // signed: a frame may come before the report
        return srEpochMicros + Math.floorDiv(ticks * 100L, 9);
    }
}
