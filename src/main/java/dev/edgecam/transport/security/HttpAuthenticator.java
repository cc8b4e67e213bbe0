package dev.edgecam.transport.security;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an HTTP request's {@code Authorization} header names a user: Basic (user and password) or
 * Bearer (a token). One per server, shared by all HTTP connections; closed with the server.
 *
 * <p>Password hashes are slow on purpose (PBKDF2), so a check that is not already remembered runs on one
 * thread of its own, never on an event loop where it would stall other clients' video. Its queue is bounded
 * ({@link #MAX_QUEUED_CHECKS}); past it a login is answered 503. Failed logins are counted per address by a
 * {@link LoginThrottle} and logged once per address and minute by the {@link RefusalLog}.
 */
public final class HttpAuthenticator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpAuthenticator.class);
    static final int MAX_QUEUED_CHECKS = 64;

    /** The outcome of one check. */
    public enum Outcome { ACCEPTED, NO_CREDENTIALS, REJECTED, BUSY }

    private final UserStore users;
    private final PublicEndpoints publicEndpoints;
    private final LoginThrottle throttle = new LoginThrottle();
    private final RefusalLog refusals;
    private final ThreadPoolExecutor checker;

    public HttpAuthenticator(UserStore users, PublicEndpoints publicEndpoints, RefusalLog refusals) {
        this.users = users;
        this.publicEndpoints = publicEndpoints;
        this.refusals = refusals;
        this.checker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_CHECKS),
                r -> {
                    Thread thread = new Thread(r, "edgecam-auth");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** An authenticator for a server with its own refusal log (for tests and tools). */
    public static HttpAuthenticator of(UserStore users, PublicEndpoints publicEndpoints) {
        return new HttpAuthenticator(users, publicEndpoints, new RefusalLog(log, AccessControl.REFUSAL_LOG_WINDOW_MILLIS));
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

    /**
     * Checks an {@code Authorization} header value (null when absent). Completes on the checking thread or at
     * once; the caller continues on its own event loop.
     */
    public CompletableFuture<Outcome> check(String authorization, InetAddress address) {
        if (authorization == null || authorization.isBlank()) {
            return CompletableFuture.completedFuture(Outcome.NO_CREDENTIALS);
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            String owner = credentials.isEmpty() ? null : users.tokenOwner(credentials);
            return CompletableFuture.completedFuture(owner != null ? Outcome.ACCEPTED
                    : failed(address, "unknown Bearer token"));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return CompletableFuture.completedFuture(failed(address, "unsupported authorization scheme '"
                    + scheme.substring(0, Math.min(20, scheme.length())) + "'"));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failed(address, "malformed Basic credentials"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return CompletableFuture.completedFuture(failed(address, "malformed Basic credentials"));
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Boolean quick = users.quickCheck(user, password);
        if (quick != null) {
            return CompletableFuture.completedFuture(quick ? Outcome.ACCEPTED
                    : failed(address, "wrong user name or password (user '" + RefusalLog.printable(user, 32) + "')"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> users.checkPassword(user, password), checker)
                    .thenApply(ok -> ok ? Outcome.ACCEPTED
                            : failed(address, "wrong user name or password (user '" + RefusalLog.printable(user, 32) + "')"));
        } catch (RejectedExecutionException e) {
            refusals.refused("HTTP", address.getHostAddress(), "login checks are queued up; answered 503");
            return CompletableFuture.completedFuture(Outcome.BUSY);
        }
    }

    private Outcome failed(InetAddress address, String why) {
        throttle.failed(address);
        refusals.refused("HTTP", address.getHostAddress(), "failed login: " + why);
        return Outcome.REJECTED;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
