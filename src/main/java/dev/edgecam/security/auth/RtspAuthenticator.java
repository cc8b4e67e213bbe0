package dev.edgecam.security.auth;

import dev.edgecam.security.access.RefusalLog;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an RTSP request's {@code Authorization} header names a user, and says what to challenge a
 * client with: Digest (RFC 2617/7616, MD5, with {@code qop=auth} or without qop) because many NVRs speak only
 * that, and Basic and Bearer like HTTP. No Netty here: the RTSP server asks before DESCRIBE, SETUP and PLAY
 * and answers 401 with {@link #challenges} (or 429, 503) itself.
 *
 * <p>Basic and Bearer go through the server's {@link HttpAuthenticator}, so RTSP and HTTP share one
 * {@link LoginThrottle}, one cache of checked passwords and one fair queue of PBKDF2 checks, and failures are
 * logged by the same refusal log (named RTSP). Digest costs two MD5s, so it is checked at once on the caller's
 * thread. Its nonces are stateless ({@link DigestNonces}); a right response to an expired or unknown nonce is
 * answered {@link Outcome#STALE}, for a 401 with {@code stale=true} on which clients retry without asking
 * their user. Only users with a Digest HA1 (from {@code --auth}, or a {@code digest-md5} line in an auth file)
 * can use Digest; the others Basic only. Thread-safe.
 */
public final class RtspAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(RtspAuthenticator.class);

    /**
     * The outcome of one check: {@code THROTTLED} when the address failed too often (answer 429 with
     * {@link #retryAfterSeconds}), {@code STALE} when a Digest response was right for an old nonce (answer 401
     * with {@code challenges(true)}), the rest as in {@link HttpAuthenticator.Outcome}.
     */
    public enum Outcome { ACCEPTED, NO_CREDENTIALS, REJECTED, STALE, THROTTLED, ADDRESS_BUSY, BUSY, ABANDONED }

    private final HttpAuthenticator logins;
    private final DigestNonces nonces;

    /** @param logins the server's authenticator, whose users, throttle and queue RTSP shares */
    public RtspAuthenticator(HttpAuthenticator logins) {
        this(logins, new DigestNonces());
    }

    RtspAuthenticator(HttpAuthenticator logins, DigestNonces nonces) {
        this.logins = logins;
        this.nonces = nonces;
        UserStore users = logins.users();
        if (!users.isEmpty()) {
            List<String> digest = users.digestUsers();
            List<String> basicOnly = users.names().stream().filter(n -> !digest.contains(n)).toList();
            log.info("RTSP logins: Digest and Basic for {}; Basic only for {}{}", digest.isEmpty() ? "nobody" : digest,
                    basicOnly.isEmpty() ? "nobody" : basicOnly,
                    basicOnly.isEmpty() ? "" : " (add Digest with 'edgecam passwd --digest USER')");
        }
    }

    /** True when users are configured, so RTSP requests need a login. */
    public boolean required() {
        return !logins.users().isEmpty();
    }

    /** Seconds {@code address} must wait after too many failed logins, or 0. */
    public long retryAfterSeconds(InetAddress address) {
        return logins.retryAfterSeconds(address);
    }

    /**
     * The {@code WWW-Authenticate} values to send with a 401, in this order: Digest with a fresh nonce
     * (clients take the strongest scheme they know), then Basic.
     *
     * @param stale true after {@link Outcome#STALE}: the client's password was right, only its nonce old
     */
    public List<String> challenges(boolean stale) {
        String digest = "Digest realm=\"" + UserStore.REALM + "\", nonce=\"" + nonces.issue()
                + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=TRUE" : "");
        return List.of(digest, "Basic realm=\"" + UserStore.REALM + "\"");
    }

    /**
     * Checks a request's {@code Authorization} header value (null when absent). Completes at once, or for a
     * Basic password that needs PBKDF2 on a checking thread; the caller continues on its own event loop.
     *
     * @param method the request's method ({@code DESCRIBE}); Digest signs it
     * @param uri the request URI as sent on the request line; Digest signs it
     * @param stillWanted false once the asker's connection closed: a slow check not yet started is dropped
     */
    public CompletableFuture<Outcome> check(String method, String uri, String authorization, InetAddress address,
                                            BooleanSupplier stillWanted) {
        if (authorization == null || authorization.isBlank()) {
            return CompletableFuture.completedFuture(Outcome.NO_CREDENTIALS);
        }
        if (logins.retryAfterSeconds(address) > 0) {
            return CompletableFuture.completedFuture(Outcome.THROTTLED);
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Digest ", 0, 7)) {
            return CompletableFuture.completedFuture(checkDigest(method, uri, value.substring(7), address));
        }
        return logins.check("RTSP", value, address, stillWanted).thenApply(outcome -> Outcome.valueOf(outcome.name()));
    }

    private Outcome checkDigest(String method, String requestUri, String credentials, InetAddress address) {
        DigestCredentials digest;
        try {
            digest = DigestCredentials.parse(credentials);
        } catch (IllegalArgumentException e) {
            return refused(address, "malformed Digest credentials: " + e.getMessage());
        }
        String user = digest.get("username");
        String nonce = digest.get("nonce");
        String uri = digest.get("uri");
        String response = digest.get("response");
        if (user == null || nonce == null || uri == null || response == null) {
            return refused(address, "Digest credentials without username, nonce, uri or response");
        }
        String algorithm = digest.get("algorithm");
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) {
            return refused(address, "Digest algorithm '" + printable(algorithm) + "' (only MD5 is offered)");
        }
        if (!UserStore.REALM.equals(digest.get("realm"))) {
            return refused(address, "Digest realm '" + printable(String.valueOf(digest.get("realm"))) + "', not '"
                    + UserStore.REALM + "'");
        }
        String qop = digest.get("qop");
        if (qop != null && (!qop.equalsIgnoreCase("auth") || digest.get("nc") == null || digest.get("cnonce") == null)) {
            return refused(address, "Digest qop '" + printable(qop) + "' without nc and cnonce, or not 'auth'");
        }
        if (!sameResource(requestUri, uri)) {
            return refused(address, "Digest signed URI '" + printable(uri) + "', not the request's '"
                    + printable(requestUri) + "'");
        }
        String ha1 = logins.users().digestHa1(user);
        if (ha1 == null) {
            return refused(address, "user '" + printable(user) + "' has no Digest entry (Basic only; add one with "
                    + "'edgecam passwd --digest')");
        }
        String expected = DigestResponse.expected(ha1, method, uri, nonce, qop == null ? null : "auth",
                digest.get("nc"), digest.get("cnonce"));
        if (!DigestResponse.sameHex(expected, response)) {
            return refused(address, "wrong user name or password (user '" + printable(user) + "', Digest)");
        }
        return nonces.check(nonce) == DigestNonces.State.FRESH
                ? Outcome.valueOf(logins.accepted(address).name()) : Outcome.STALE;
    }

    /**
     * True when the URI a Digest response signs is the request's: the same text, or its path (and query) when the
     * request line has an absolute {@code rtsp://} URL and the client signed only the path.
     */
    static boolean sameResource(String requestUri, String signedUri) {
        if (requestUri.equals(signedUri)) {
            return true;
        }
        try {
            URI request = URI.create(requestUri);
            String path = request.getRawPath() + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery());
            return request.isAbsolute() && path.equals(signedUri);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Outcome refused(InetAddress address, String why) {
        return Outcome.valueOf(logins.failed(address, "RTSP", why).name());
    }

    private static String printable(String text) {
        return RefusalLog.printable(text, 64);
    }
}
