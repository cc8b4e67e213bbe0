package dev.edgecam.security.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no table: a nonce is its issue time and an HMAC-SHA256 of that time under a secret
 * made at start ({@code base64url(millis[8] || hmac[16])}), so any nonce this server gave within
 * {@link #VALID_MILLIS} can be checked by recomputing the HMAC, and nothing is stored per client. A nonce from
 * before a restart, or forged, fails the HMAC. Nonces are not single-use (RTSP clients reuse one for the whole
 * session); a captured response can be replayed only for the same method and URI within the validity.
 */
final class DigestNonces {

    /** Five minutes: past it a client is told {@code stale=true} and retries with a new nonce without asking anyone. */
    static final long VALID_MILLIS = 5 * 60 * 1000L;
    /** A nonce dated this far in the future (a clock step back) is still taken. */
    private static final long FUTURE_SKEW_MILLIS = 5_000;
    private static final int MAC_BYTES = 16;

    /** What a nonce turned out to be. */
    enum State { FRESH, EXPIRED, FOREIGN }

    private final SecretKeySpec key;
    private final LongSupplier clockMillis;

    DigestNonces() {
        this(randomSecret(), System::currentTimeMillis);
    }

    DigestNonces(byte[] secret, LongSupplier clockMillis) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clockMillis = clockMillis;
    }

    /** A new nonce, dated now. */
    String issue() {
        long now = clockMillis.getAsLong();
        ByteBuffer bytes = ByteBuffer.allocate(8 + MAC_BYTES).putLong(now).put(mac(now));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Whether {@code nonce} is one of ours and young enough; the HMAC is compared in constant time. */
    State check(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return State.FOREIGN;
        }
        if (bytes.length != 8 + MAC_BYTES) {
            return State.FOREIGN;
        }
        long issued = ByteBuffer.wrap(bytes).getLong();
        if (!MessageDigest.isEqual(mac(issued), Arrays.copyOfRange(bytes, 8, bytes.length))) {
            return State.FOREIGN;
        }
        long age = clockMillis.getAsLong() - issued;
        return age > VALID_MILLIS || age < -FUTURE_SKEW_MILLIS ? State.EXPIRED : State.FRESH;
    }

    private byte[] mac(long millis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(8).putLong(millis).array()), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
