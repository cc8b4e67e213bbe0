package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.security.auth.RtspAuthenticator.Outcome;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RTSP logins: Digest with and without qop, stale nonces, Basic and Bearer through the shared HTTP machinery. */
@Timeout(30)
class RtspAuthenticatorTest {

    private static final String URI = "rtsp://127.0.0.1:8554/cam";
    private static final InetAddress PEER = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private HttpAuthenticator logins;
    private RtspAuthenticator rtsp;

    private void start(UserStore users) {
        logins = HttpAuthenticator.of(users, PublicEndpoints.none());
        rtsp = new RtspAuthenticator(logins, new DigestNonces(new byte[32], now::get));
    }

    @AfterEach
    void close() {
        if (logins != null) {
            logins.close();
        }
    }

    private Outcome check(String method, String authorization) {
        return rtsp.check(method, URI, authorization, PEER, () -> true).join();
    }

    /** The header a client computes from our challenge, as RFC 2617 has it. */
    private String digest(String user, String password, String method, String uri, boolean qop) {
        String nonce = nonceOf(rtsp.challenges(false).get(0));
        String ha1 = DigestResponse.ha1(user, "edgecam", password);
        String response = DigestResponse.expected(ha1, method, uri, nonce, qop ? "auth" : null, "00000001", "0a4f113b");
        return "Digest username=\"" + user + "\", realm=\"edgecam\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\"" + (qop ? ", qop=auth, nc=00000001, cnonce=\"0a4f113b\"" : "");
    }

    private static String nonceOf(String challenge) {
        int start = challenge.indexOf("nonce=\"") + 7;
        return challenge.substring(start, challenge.indexOf('"', start));
    }

    @Test
    void challengesDigestFirstThenBasic() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        List<String> challenges = rtsp.challenges(false);
        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0)).startsWith("Digest realm=\"edgecam\", nonce=\"").contains("algorithm=MD5")
                .contains("qop=\"auth\"").doesNotContain("stale");
        assertThat(challenges.get(1)).isEqualTo("Basic realm=\"edgecam\"");
        assertThat(rtsp.challenges(true).get(0)).endsWith(", stale=TRUE");
        assertThat(rtsp.required()).isTrue();
    }

    @Test
    void digestWithAndWithoutQopIsAcceptedForAnAuthFlagUser() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        assertThat(check("DESCRIBE", digest("alice", "secret", "DESCRIBE", URI, true))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", digest("alice", "secret", "DESCRIBE", URI, false))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("SETUP", digest("alice", "secret", "SETUP", URI, true))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", digest("alice", "Secret", "DESCRIBE", URI, true))).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", digest("mallory", "secret", "DESCRIBE", URI, true))).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void aResponseSignsItsMethodAndUri() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        assertThat(check("PLAY", digest("alice", "secret", "DESCRIBE", URI, true))).as("replayed for another method")
                .isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", digest("alice", "secret", "DESCRIBE", "rtsp://127.0.0.1:8554/other", true)))
                .as("signed for another URI").isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", digest("alice", "secret", "DESCRIBE", "/cam", true)))
                .as("path only, as some clients sign it").isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aRightResponseToAnOldNonceIsStaleNotAFailure() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        String old = digest("alice", "secret", "DESCRIBE", URI, true);
        now.addAndGet(DigestNonces.VALID_MILLIS + 1);
        for (int i = 0; i < LoginThrottle.BURST + 2; i++) {
            assertThat(check("DESCRIBE", old)).isEqualTo(Outcome.STALE);
        }
        assertThat(rtsp.retryAfterSeconds(PEER)).as("stale nonces are not counted as failed logins").isZero();
        String forged = old.replaceFirst("nonce=\"[^\"]+\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
        assertThat(check("DESCRIBE", forged)).as("the response no longer matches its nonce").isEqualTo(Outcome.REJECTED);
    }

    @Test
    void malformedOrUnofferedDigestIsRefused() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        String good = digest("alice", "secret", "DESCRIBE", URI, true);
        assertThat(check("DESCRIBE", good.replace("realm=\"edgecam\"", "realm=\"other\""))).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", good + ", algorithm=SHA-512-256")).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", good.replace("qop=auth", "qop=auth-int"))).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", "Digest username=\"alice\"")).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", "Digest username=\"alice")).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", null)).isEqualTo(Outcome.NO_CREDENTIALS);
    }

    @Test
    void basicAndBearerWorkAsOverHttp() throws Exception {
        Path file = Files.writeString(dir.resolve("users"), "nvr:" + UserStore.tokenLine("tok-123") + "\n");
        start(UserStore.of(List.of("alice:secret"), List.of(file)));
        assertThat(check("DESCRIBE", basic("alice", "secret"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", basic("alice", "wrong"))).isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", "Bearer tok-123")).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", "Bearer tok-124")).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void tooManyFailuresAreThrottledForBothSchemesAndHttp() {
        start(UserStore.of(List.of("alice:secret"), List.of()));
        for (int i = 0; i < LoginThrottle.BURST; i++) {
            assertThat(check("DESCRIBE", digest("alice", "guess" + i, "DESCRIBE", URI, true))).isEqualTo(Outcome.REJECTED);
        }
        assertThat(check("DESCRIBE", digest("alice", "secret", "DESCRIBE", URI, true))).isEqualTo(Outcome.THROTTLED);
        assertThat(check("DESCRIBE", basic("alice", "secret"))).isEqualTo(Outcome.THROTTLED);
        assertThat(logins.retryAfterSeconds(PEER)).as("one throttle for RTSP and HTTP").isPositive();
    }

    @Test
    void fileUsersUseDigestOnlyWithTheirDigestLine() throws Exception {
        PasswordHash hash = PasswordHash.of("alice pw 1".toCharArray(), PasswordHash.MIN_ITERATIONS);
        PasswordHash bobHash = PasswordHash.of("bob pw 12".toCharArray(), PasswordHash.MIN_ITERATIONS);
        Path file = Files.writeString(dir.resolve("users"), "alice:" + hash + "\n"
                + "alice:" + UserStore.digestLine("alice", "alice pw 1".toCharArray()) + "\n"
                + "bob:" + bobHash + "\n");
        UserStore users = UserStore.of(List.of(), List.of(file));
        assertThat(users.digestUsers()).containsExactly("alice");
        assertThat(users.names()).containsExactly("alice", "bob");
        start(users);
        assertThat(check("DESCRIBE", digest("alice", "alice pw 1", "DESCRIBE", URI, false))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", digest("bob", "bob pw 12", "DESCRIBE", URI, true))).as("bob has no Digest line")
                .isEqualTo(Outcome.REJECTED);
        assertThat(check("DESCRIBE", basic("bob", "bob pw 12"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(check("DESCRIBE", basic("alice", "alice pw 1"))).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aDigestLineForAnotherRealmOrMalformedNamesItsLine() throws Exception {
        Path otherRealm = Files.writeString(dir.resolve("a"), "alice:digest-md5:cam:939e7578ed9e3c518a452acee763bce9\n");
        assertThatThrownBy(() -> UserStore.of(List.of(), List.of(otherRealm)))
                .hasMessageContaining("line 1").hasMessageContaining("realm must be 'edgecam'")
                .hasMessageContaining("passwd --digest");
        Path shortHex = Files.writeString(dir.resolve("b"), "alice:digest-md5:edgecam:939e\n");
        assertThatThrownBy(() -> UserStore.of(List.of(), List.of(shortHex))).hasMessageContaining("32 lowercase hex");
    }

    @Test
    void everyHttpOutcomeHasAnRtspOneOfTheSameName() {
        for (HttpAuthenticator.Outcome http : HttpAuthenticator.Outcome.values()) {
            assertThat(Outcome.valueOf(http.name())).as("RTSP maps HTTP's outcomes by name").isNotNull();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
