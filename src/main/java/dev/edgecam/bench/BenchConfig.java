package dev.edgecam.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run does, validated by the CLI.
 *
 * @param targets where to connect; the clients are spread over them in turn (one tcp and one http target
 *     give a mixed run)
 * @param clients connections opened at the same moment
 * @param duration how long the measurement window lasts, after the warm-up
 * @param warmup how long the clients stream, once every one has its first frame, before the window opens
 * @param connectTimeout how long to wait for every client's first frame before measuring anyway
 * @param threads event-loop threads of the load generator
 * @param maxFrameBytes the largest frame accepted before a connection is called broken
 * @param serverPid the server's process id on this machine for its CPU and memory, or 0 for none
 * @param stateUri the server's {@code /state} for its frame rate and per-client skips, or null for none
 */
public record BenchConfig(List<BenchTarget> targets, int clients, Duration duration, Duration warmup, Duration connectTimeout,
                          int threads, int maxFrameBytes, long serverPid, URI stateUri) {

    public BenchConfig {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is needed");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, not " + clients);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive, not " + duration);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("the warm-up cannot be negative, not " + warmup);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** The target client number {@code index} (from 0) connects to. */
    public BenchTarget targetFor(int index) {
        return targets.get(index % targets.size());
    }
}
