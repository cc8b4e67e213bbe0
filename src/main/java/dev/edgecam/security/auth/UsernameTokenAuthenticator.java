package dev.edgecam.security.auth;

import dev.edgecam.security.access.RefusalLog;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Checks ONVIF's WS-Security UsernameToken (OASIS Username Token Profile 1.0) against the server's users, sharing
 * the failed-login throttle, the cache and the queue of password checks with HTTP and RTSP ({@link HttpAuthenticator}).
 *
 * <ul>
 *   <li>{@code #PasswordText}: the password itself, checked as an HTTP Basic login is (PBKDF2 off the event loop).</li>
 *   <li>{@code #PasswordDigest}: {@code Base64(SHA-1(nonce + created + password))}. It needs the password itself, which
 *       only {@code --auth} users and {@code onvif-plain} auth-file lines give ({@link UserStore}); {@code created}
 *       must be within {@link #MAX_CLOCK_SKEW} of this clock (ONVIF clients take the device's time from
 *       GetSystemDateAndTime first), and a nonce is accepted once within that window (a replayed message is refused).</li>
 * </ul>
 */
public final class UsernameTokenAuthenticator {

    /** How far a token's {@code Created} may be from this clock, either way. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Most nonces remembered against replay; past this the oldest are forgotten. */
    static final int MAX_REMEMBERED_NONCES = 10_000;
    private static final String PROTOCOL = "ONVIF";

    private final HttpAuthenticator logins;
    private final Clock clock;
    /** Nonce (Base64) → when it was seen, oldest first. Guarded by itself. */
    private final LinkedHashMap<String, Instant> seenNonces = new LinkedHashMap<>();

    public UsernameTokenAuthenticator(HttpAuthenticator logins) {
        this(logins, Clock.systemUTC());
    }

    UsernameTokenAuthenticator(HttpAuthenticator logins, Clock clock) {
        this.logins = logins;
        this.clock = clock;
    }

    /** Seconds {@code address} must wait after too many failed logins, or 0. */
    public long retryAfterSeconds(InetAddress address) {
        return logins.retryAfterSeconds(address);
    }

    /**
     * Checks a token; completes at once or on a checking thread.
     *
     * @param digest true for {@code #PasswordDigest}, then {@code password} is the Base64 digest
     * @param stillWanted false once nobody waits for the answer (the connection closed)
     */
    public CompletableFuture<HttpAuthenticator.Outcome> check(String user, String password, boolean digest,
                                                              String nonce, String created, InetAddress address,
                                                              BooleanSupplier stillWanted) {
        if (user == null || user.isEmpty()) {
            return CompletableFuture.completedFuture(HttpAuthenticator.Outcome.NO_CREDENTIALS);
        }
        if (!digest) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return logins.check(PROTOCOL, "Basic " + basic, address, stillWanted);
        }
        return CompletableFuture.completedFuture(checkDigest(user, password, nonce, created, address));
    }

    /**
     * Checks an HTTP {@code Authorization} header (Basic or Bearer) sent with a SOAP call instead of a UsernameToken,
     * as some NVRs do.
     */
    public CompletableFuture<HttpAuthenticator.Outcome> checkAuthorization(String authorization, InetAddress address,
                                                                           BooleanSupplier stillWanted) {
        return logins.check(PROTOCOL, authorization, address, stillWanted);
    }

    private HttpAuthenticator.Outcome checkDigest(String user, String digest, String nonce, String created,
                                                  InetAddress address) {
        String printable = RefusalLog.printable(user, 32);
        Instant when;
        try {
            when = Instant.parse(created);
        } catch (DateTimeParseException e) {
            return logins.failed(address, PROTOCOL, "PasswordDigest without a valid Created time (user '" + printable + "')");
        }
        Instant now = clock.instant();
        if (Duration.between(when, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            return logins.failed(address, PROTOCOL, "PasswordDigest created " + when + ", more than "
                    + MAX_CLOCK_SKEW.toMinutes() + " min from this server's clock " + now + " (user '" + printable
                    + "'); the client should read GetSystemDateAndTime first");
        }
        byte[] nonceBytes;
        try {
            nonceBytes = Base64.getDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return logins.failed(address, PROTOCOL, "PasswordDigest with a nonce that is not Base64 (user '" + printable + "')");
        }
        String password = logins.users().onvifPassword(user);
        byte[] expected = password == null ? new byte[20] : sha1(nonceBytes, created, password);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (password == null || !MessageDigest.isEqual(expected, given)) {
            return logins.failed(address, PROTOCOL, password == null && logins.users().names().contains(user)
                    ? "user '" + printable + "' sent a PasswordDigest, which needs the password itself: give the user"
                    + " with --auth, add an onvif-plain line ('edgecam passwd --onvif'), or let the client send PasswordText"
                    : "wrong user name or password in the PasswordDigest (user '" + printable + "')");
        }
        if (!firstUse(nonce, now)) {
            return logins.failed(address, PROTOCOL, "a PasswordDigest nonce used before (a replayed message; user '"
                    + printable + "')");
        }
        return logins.accepted(address);
    }

    /** Remembers {@code nonce}; false when it was seen within the skew window (forgetting older ones first). */
    private boolean firstUse(String nonce, Instant now) {
        synchronized (seenNonces) {
            Instant oldest = now.minus(MAX_CLOCK_SKEW.multipliedBy(2));
            var entries = seenNonces.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, Instant> entry = entries.next();
                if (entry.getValue().isAfter(oldest) && seenNonces.size() <= MAX_REMEMBERED_NONCES) {
                    break;
                }
                entries.remove();
            }
            return seenNonces.putIfAbsent(nonce, now) == null;
        }
    }

    /** {@code SHA-1(nonce + created + password)}, the Username Token Profile's digest. */
    static byte[] sha1(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            return sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
