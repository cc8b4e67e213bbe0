package dev.edgecam.bench;

import java.time.Instant;

/**
 * Wall-clock microseconds derived from {@link System#nanoTime()}: one {@link Instant#now()} at the start,
 * then the monotonic clock, so each frame costs no system call and time never steps backwards mid-run.
 * The server stamps frames with the same wall clock, so on one machine the difference is the latency.
 */
final class EpochClock {

    private final long baseEpochMicros;
    private final long baseNanos;

    EpochClock() {
        Instant now = Instant.now();
        this.baseNanos = System.nanoTime();
        this.baseEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    long epochMicros(long nanoTime) {
        return baseEpochMicros + (nanoTime - baseNanos) / 1_000;
    }
}
