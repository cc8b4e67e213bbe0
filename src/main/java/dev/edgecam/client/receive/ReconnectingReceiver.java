package dev.edgecam.client.receive;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream that survives a server restart or a network drop: when the connection fails it says so, waits
 * with a growing backoff, and connects again, so the frames simply continue.
 *
 * <p>The first connection is made by {@link #open}, and its failure is thrown at once: a wrong address
 * should fail fast, not retry forever. After that, connections are retried until {@link #close()}, or
 * until no frame has arrived for {@code giveUpAfter} (when that is not zero).
 */
public final class ReconnectingReceiver implements FrameReceiver {

    /** Told about connection changes, on the receiving thread, so a command can say so on screen. */
    public interface Listener {
        /** The connection failed; the next attempt starts after {@code wait}. */
        void connectionLost(String reason, Duration wait, int attempt);

        /** Connected again after a loss. */
        void reconnected(String server, int attempts);

        Listener NONE = new Listener() {
            @Override
            public void connectionLost(String reason, Duration wait, int attempt) {
            }

            @Override
            public void reconnected(String server, int attempts) {
            }
        };
    }

    /** First wait after a loss; it doubles up to {@link #MAX_BACKOFF_MILLIS}. */
    static final long FIRST_BACKOFF_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 4_000;

    private final FrameEndpoint endpoint;
    private final Duration giveUpAfter;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closedSignal = lock.newCondition();
    private volatile FrameReceiver current;
    private volatile boolean closed;

    private ReconnectingReceiver(FrameEndpoint endpoint, FrameReceiver first, Duration giveUpAfter, Listener listener) {
        this.endpoint = endpoint;
        this.current = first;
        this.giveUpAfter = giveUpAfter;
        this.listener = listener;
    }

    /**
     * Opens the first connection (throwing if it fails) and returns a receiver that reconnects afterwards.
     *
     * @param giveUpAfter how long to keep retrying without a frame; zero retries until closed
     */
    public static ReconnectingReceiver open(FrameEndpoint endpoint, Duration giveUpAfter, Listener listener)
            throws IOException {
        return new ReconnectingReceiver(endpoint, endpoint.openStream(), giveUpAfter, listener);
    }

    @Override
    public ReceivedFrame next() throws IOException {
        long lostSince = 0;
        int attempt = 0;
        while (!closed) {
            FrameReceiver receiver = current;
            String reason;
            if (receiver != null) {
                try {
                    ReceivedFrame frame = receiver.next();
                    if (frame != null) {
                        if (attempt > 0) {
                            listener.reconnected(endpoint.describe(), attempt);
                        }
                        return frame;
                    }
                    reason = "the server closed the connection";
                } catch (IOException e) {
                    reason = e.getMessage();
                }
                receiver.close();
                current = null;
                if (closed) {
                    break;
                }
            } else {
                try {
                    current = endpoint.openStream();
                    if (closed) {
                        current.close();
                    }
                    continue;
                } catch (IOException e) {
                    reason = e.getMessage();
                }
            }
            attempt++;
            if (lostSince == 0) {
                lostSince = System.nanoTime();
            }
            if (!giveUpAfter.isZero() && System.nanoTime() - lostSince > giveUpAfter.toNanos()) {
                throw new IOException("gave up after " + attempt + " attempts in " + giveUpAfter.toSeconds()
                        + " s without a frame from " + endpoint.describe() + ": " + reason);
            }
            Duration wait = Duration.ofMillis(Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10)));
            listener.connectionLost(reason, wait, attempt);
            sleepUnlessClosed(wait);
        }
        return null;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closedSignal.signalAll();
        } finally {
            lock.unlock();
        }
        FrameReceiver receiver = current;
        if (receiver != null) {
            receiver.close();
        }
    }

    private void sleepUnlessClosed(Duration wait) throws IOException {
        lock.lock();
        try {
            long left = wait.toNanos();
            while (!closed && left > 0) {
                left = closedSignal.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to reconnect", e);
        } finally {
            lock.unlock();
        }
    }

}
