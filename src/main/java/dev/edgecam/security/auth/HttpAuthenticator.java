package dev.edgecam.security.auth;

import dev.edgecam.security.access.RefusalLog;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an HTTP request's {@code Authorization} header names a user: Basic (user and password) or
 * Bearer (a token). One per server, shared by all HTTP connections; closed with the server.
 *
 * <p>Password hashes are slow on purpose (PBKDF2), so a successful check is remembered for a while
 * ({@link LoginCache}, by the exact header value), and a check that is not runs in a {@link PasswordCheckQueue},
 * never on an event loop where it would stall other clients' video. The queue is fair: an address with
 * {@link PasswordCheckQueue#MAX_PENDING_PER_ADDRESS} checks pending is answered 429 at once, a check whose
 * connection has closed is dropped before hashing, and past {@link PasswordCheckQueue#MAX_QUEUED} checks in
 * all a login is answered 503. Failed logins are counted per address by a {@link LoginThrottle} and logged once
 * per address and minute by the {@link RefusalLog}.
 */
public final class HttpAuthenticator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpAuthenticator.class);

    /**
     * The outcome of one check: {@code ADDRESS_BUSY} when the address already has its share of checks pending,
     * {@code BUSY} when the whole queue is full, {@code ABANDONED} when the asker's connection closed first.
     */
    public enum Outcome { ACCEPTED, NO_CREDENTIALS, REJECTED, ADDRESS_BUSY, BUSY, ABANDONED }

    private final UserStore users;
    private final PublicEndpoints publicEndpoints;
    private final LoginThrottle throttle = new LoginThrottle();
    private final RefusalLog refusals;
    private final LoginCache verified = new LoginCache();
    private final PasswordCheckQueue checks = new PasswordCheckQueue();
    private final Consumer<InetAddress> onLogin;

    public HttpAuthenticator(UserStore users, PublicEndpoints publicEndpoints, RefusalLog refusals) {
        this(users, publicEndpoints, refusals, address -> { });
    }

    /** @param onLogin told the address of every accepted login (the connection limiter keeps places for them) */
    public HttpAuthenticator(UserStore users, PublicEndpoints publicEndpoints, RefusalLog refusals,
                             Consumer<InetAddress> onLogin) {
        this.users = users;
        this.publicEndpoints = publicEndpoints;
        this.refusals = refusals;
        this.onLogin = onLogin;
    }

    /** An authenticator for a server with its own refusal log (for tests and tools). */
    public static HttpAuthenticator of(UserStore users, PublicEndpoints publicEndpoints) {
        return new HttpAuthenticator(users, publicEndpoints, new RefusalLog(log, RefusalLog.WINDOW_MILLIS));
    }

    public PublicEndpoints publicEndpoints() {
        return publicEndpoints;
    }

    public UserStore users() {
        return users;
    }

    /** Seconds {@code address} must wait after too many failed logins, or 0. */
    public long retryAfterSeconds(InetAddress address) {
        return throttle.retryAfterSeconds(address);
    }

    /** Checks {@code authorization} for a caller that waits for the answer however long it takes. */
    public CompletableFuture<Outcome> check(String authorization, InetAddress address) {
        return check(authorization, address, () -> true);
    }

    /**
     * Checks an {@code Authorization} header value (null when absent). Completes on a checking thread or at
     * once; the caller continues on its own event loop.
     *
     * @param stillWanted false once the asker no longer needs the answer (its connection closed): a slow check
     *     not yet started is then dropped ({@link Outcome#ABANDONED})
     */
    public CompletableFuture<Outcome> check(String authorization, InetAddress address, BooleanSupplier stillWanted) {
        return check("HTTP", authorization, address, stillWanted);
    }

    /**
     * The check of Basic and Bearer credentials for {@code protocol} (named in the refusal log): RTSP's
     * {@link RtspAuthenticator} shares this one's throttle, cache and queue of checks.
     */
    CompletableFuture<Outcome> check(String protocol, String authorization, InetAddress address,
                                     BooleanSupplier stillWanted) {
        if (authorization == null || authorization.isBlank()) {
            return CompletableFuture.completedFuture(Outcome.NO_CREDENTIALS);
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            String owner = credentials.isEmpty() ? null : users.tokenOwner(credentials);
            return CompletableFuture.completedFuture(owner != null ? accepted(address)
                    : failed(address, protocol, "unknown Bearer token"));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return CompletableFuture.completedFuture(failed(address, protocol, "unsupported authorization scheme '"
                    + scheme.substring(0, Math.min(20, scheme.length())) + "'"));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failed(address, protocol, "malformed Basic credentials"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return CompletableFuture.completedFuture(failed(address, protocol, "malformed Basic credentials"));
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String wrong = "wrong user name or password (user '" + RefusalLog.printable(user, 32) + "')";
        Boolean quick = users.quickCheck(user, password);
        if (quick != null) {
            return CompletableFuture.completedFuture(quick ? accepted(address) : failed(address, protocol, wrong));
        }
        if (user.equals(verified.user(value))) {
            return CompletableFuture.completedFuture(accepted(address));
        }
        String key = HexFormat.of().formatHex(LoginCache.digest(value));
        return checks.submit(key, address, stillWanted, () -> {
            boolean ok = users.checkPassword(user, password);
            if (ok) {
                verified.remember(value, user);
            }
            return ok;
        }).thenApply(verdict -> switch (verdict) {
            case MATCH -> accepted(address);
            case NO_MATCH -> failed(address, protocol, wrong);
            case ABANDONED -> Outcome.ABANDONED;
            case ADDRESS_BUSY -> {
                refusals.refused(protocol, address.getHostAddress(), "more than " + PasswordCheckQueue.MAX_PENDING_PER_ADDRESS
                        + " login checks at once; answered 429");
                yield Outcome.ADDRESS_BUSY;
            }
            case QUEUE_FULL -> {
                refusals.refused(protocol, address.getHostAddress(), "login checks are queued up; answered 503");
                yield Outcome.BUSY;
            }
        });
    }

    Outcome accepted(InetAddress address) {
        onLogin.accept(address);
        return Outcome.ACCEPTED;
    }

    /** Counts a failed login from {@code address} against its throttle and logs it (once a minute per address). */
    Outcome failed(InetAddress address, String protocol, String why) {
        throttle.failed(address);
        refusals.refused(protocol, address.getHostAddress(), "failed login: " + why);
        return Outcome.REJECTED;
    }

    @Override
    public void close() {
        checks.close();
    }
}
