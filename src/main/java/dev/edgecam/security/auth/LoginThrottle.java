package dev.edgecam.security.auth;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed logins per address with a token bucket: {@link #BURST} failures at once, then one more every
 * {@link #REFILL_SECONDS} s. An address that has used up its bucket is answered 429 without its credentials
 * even being checked, so guessing passwords is slow and costs the server no PBKDF2 work. Thread-safe; at most
 * {@link #MAX_ADDRESSES} buckets are kept, past which new addresses share one bucket (an attacker with many
 * addresses then throttles only the others without a bucket of their own, never those with one).
 */
public final class LoginThrottle {

    public static final int BURST = 10;
    static final double REFILL_SECONDS = 6;
    static final int MAX_ADDRESSES = 4096;
    private static final InetAddress OVERFLOW = InetAddress.getLoopbackAddress();

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public LoginThrottle() {
        this(BURST, (long) (REFILL_SECONDS * 1e9));
    }

    LoginThrottle(int burst, long refillNanos) {
        this(burst, refillNanos, System::nanoTime);
    }

    /** @param nanoClock the monotonic clock buckets refill by ({@link System#nanoTime}; tests give their own) */
    LoginThrottle(int burst, long refillNanos, LongSupplier nanoClock) {
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.nanoClock = nanoClock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    public long retryAfterSeconds(InetAddress address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null && buckets.size() >= MAX_ADDRESSES) {
            bucket = buckets.get(OVERFLOW);
        }
        if (bucket == null) {
            return 0;
        }
        synchronized (bucket) {
            refill(bucket, nanoClock.getAsLong());
            return bucket.tokens >= 1 ? 0 : (long) Math.ceil((1 - bucket.tokens) * refillNanos / 1e9);
        }
    }

    /** Counts a failed login from {@code address}. */
    public void failed(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    refill(b, now);
                    return b.tokens >= burst;
                }
            });
        }
        InetAddress key = buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address) ? OVERFLOW : address;
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / (double) refillNanos);
        bucket.updatedNanos = now;
    }
}
