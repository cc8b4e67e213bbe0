package dev.edgecam.client.receive;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The read timeout applied to a whole frame rather than to each read. A socket's timeout restarts with every
 * byte, so a server that drips one byte every few seconds would keep a single frame (and {@code snapshot})
 * waiting for hours. Here a watchdog aborts the connection when the frame is not complete in time, which makes
 * the blocked read fail; the failure is then reported as the timeout it is.
 */
final class FrameDeadline {

    /** A read that may block. */
    @FunctionalInterface
    interface Read<T> {
        T read() throws IOException;
    }

    /** One daemon thread for every client in the process: it only schedules, cancels and (rarely) starts an abort. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private FrameDeadline() {
    }

    /**
     * Runs {@code read}; if it has not returned within {@code timeoutMillis}, runs {@code abort}, which must make
     * the read end (closing its connection does).
     *
     * @throws SocketTimeoutException when the deadline passed: whatever an aborted read failed with or returned
     *     (HttpURLConnection, for one, may take a connection closed under its header parser for the end of the
     *     headers) does not count
     */
    static <T> T within(int timeoutMillis, Runnable abort, Read<T> read) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.schedule(() -> {
            expired.set(true);
            inBackground(abort); // an abort that blocks must not hold up other deadlines
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        T result;
        try {
            result = read.read();
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(timeoutMillis, e);
            }
            throw e;
        } finally {
            watch.cancel(false);
        }
        if (expired.get()) {
            throw timedOut(timeoutMillis, null);
        }
        return result;
    }

    /** Runs {@code abort} on a daemon thread of its own: closing a connection can block (HttpURLConnection drains). */
    static void inBackground(Runnable abort) {
        Thread aborter = new Thread(abort, "edgecam connection abort");
        aborter.setDaemon(true);
        aborter.start();
    }

    private static SocketTimeoutException timedOut(int timeoutMillis, IOException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("not complete within " + timeoutMillis + " ms");
        timeout.initCause(cause);
        return timeout;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "edgecam frame deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true); // a cancelled watch leaves the queue at once, not when it would have fired
        return executor;
    }
}
