package dev.edgecam.security.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the slow password checks (PBKDF2, seconds each on a board) fairly, so that one address cannot make
 * everyone else's login wait:
 * <ul>
 *   <li>at most {@link #MAX_PENDING_PER_ADDRESS} checks queued or running per address; more are refused at once
 *       ({@link Verdict#ADDRESS_BUSY}, answered 429) instead of filling the queue;</li>
 *   <li>a check for the same credentials as one already pending joins it (a browser sends several requests with
 *       one header at once) and costs nothing more, nor counts against the address;</li>
 *   <li>a check whose askers have all gone (their connections closed while it waited) is dropped before hashing;</li>
 *   <li>{@link #checkerThreads} threads where cores allow, so one slow check does not hold up the next;</li>
 *   <li>at most {@link #MAX_QUEUED} checks wait in all; past that {@link Verdict#QUEUE_FULL} (answered 503).</li>
 * </ul>
 * Thread-safe; closed with the server.
 */
final class PasswordCheckQueue implements AutoCloseable {

    static final int MAX_PENDING_PER_ADDRESS = 2;
    static final int MAX_QUEUED = 64;

    /** How a check ended. */
    enum Verdict { MATCH, NO_MATCH, ABANDONED, ADDRESS_BUSY, QUEUE_FULL }

    /** One check queued or running, and whether anyone still waits for it. */
    private static final class Pending {
        final CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        final List<BooleanSupplier> askers = new ArrayList<>();

        boolean anyoneWaiting() {
            return askers.stream().anyMatch(BooleanSupplier::getAsBoolean);
        }
    }

    private final ThreadPoolExecutor checkers;
    private final Object lock = new Object();
    /** Pending checks by the hex SHA-256 of their credentials. */
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<InetAddress, Integer> pendingPerAddress = new HashMap<>();

    PasswordCheckQueue() {
        this(checkerThreads(Runtime.getRuntime().availableProcessors()));
    }

    PasswordCheckQueue(int threads) {
        this.checkers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                r -> {
                    Thread thread = new Thread(r, "edgecam-auth");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Two checkers where there are two cores or more (one busy with an attacker's guess, one for everyone else), else one. */
    static int checkerThreads(int cores) {
        return Math.max(1, Math.min(2, cores));
    }

    int threads() {
        return checkers.getMaximumPoolSize();
    }

    /**
     * Queues {@code check} for {@code address}, or joins the pending one for the same {@code key}.
     *
     * @param key what identifies the credentials (the hex SHA-256 of the header value)
     * @param stillWanted true while the asker's connection is open; checked just before hashing
     * @param check the slow check, true when the credentials are right
     */
    CompletableFuture<Verdict> submit(String key, InetAddress address, BooleanSupplier stillWanted,
                                      Supplier<Boolean> check) {
        Pending job;
        synchronized (lock) {
            Pending same = pending.get(key);
            if (same != null) {
                same.askers.add(stillWanted);
                return same.verdict;
            }
            int fromAddress = pendingPerAddress.getOrDefault(address, 0);
            if (fromAddress >= MAX_PENDING_PER_ADDRESS) {
                return CompletableFuture.completedFuture(Verdict.ADDRESS_BUSY);
            }
            job = new Pending();
            job.askers.add(stillWanted);
            pending.put(key, job);
            pendingPerAddress.put(address, fromAddress + 1);
        }
        try {
            checkers.execute(() -> run(key, address, job, check));
        } catch (RejectedExecutionException e) {
            finish(key, address, job, Verdict.QUEUE_FULL);
        }
        return job.verdict;
    }

    private void run(String key, InetAddress address, Pending job, Supplier<Boolean> check) {
        boolean wanted;
        synchronized (lock) {
            wanted = job.anyoneWaiting();
        }
        if (!wanted) {
            finish(key, address, job, Verdict.ABANDONED);
            return;
        }
        Verdict verdict = Verdict.NO_MATCH;
        try {
            verdict = check.get() ? Verdict.MATCH : Verdict.NO_MATCH;
        } finally {
            finish(key, address, job, verdict);
        }
    }

    private void finish(String key, InetAddress address, Pending job, Verdict verdict) {
        synchronized (lock) {
            pending.remove(key, job);
            pendingPerAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
        job.verdict.complete(verdict);
    }

    @Override
    public void close() {
        checkers.shutdownNow();
    }
}
