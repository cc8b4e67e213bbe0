package dev.edgecam.security.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent successful logins, so that a browser's repeated requests (the page polls {@code /state}, opens
 * the stream, takes snapshots, each with the same {@code Authorization} header) cost one PBKDF2 check, not
 * seconds each. Keyed by the SHA-256 of the exact header value (the secret itself is not kept); an entry lasts
 * {@link #TTL_NANOS} from its check and at most {@link #MAX_ENTRIES} are kept, the least recently used going
 * first. Failures are never remembered: {@link LoginThrottle} limits how often they can be tried. Thread-safe.
 */
final class LoginCache {

    static final int MAX_ENTRIES = 256;
    /** Ten minutes: long enough that an open page rarely waits for a check, short enough to bound a stolen header's use of the cache. */
    static final long TTL_NANOS = 10L * 60 * 1_000_000_000L;

    private record Entry(byte[] digest, String user, long checkedNanos) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    LoginCache() {
        this(TTL_NANOS);
    }

    LoginCache(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** The user {@code authorization} was recently checked to belong to, or null. */
    String user(String authorization) {
        byte[] digest = digest(authorization);
        Entry entry;
        synchronized (entries) {
            entry = entries.get(HexFormat.of().formatHex(digest));
        }
        // The map finds the entry by digest; the final comparison of the whole digest takes the same time whatever it holds.
        if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)
                || System.nanoTime() - entry.checkedNanos() > ttlNanos) {
            return null;
        }
        return entry.user();
    }

    /** Remembers that {@code authorization} was just checked to belong to {@code user}. */
    void remember(String authorization, String user) {
        byte[] digest = digest(authorization);
        synchronized (entries) {
            entries.put(HexFormat.of().formatHex(digest), new Entry(digest, user, System.nanoTime()));
        }
    }

    /** The key a header value is known by, here and in the queue of checks (never the secret itself). */
    static byte[] digest(String authorization) {
        return UserStore.sha256(authorization);
    }
}
