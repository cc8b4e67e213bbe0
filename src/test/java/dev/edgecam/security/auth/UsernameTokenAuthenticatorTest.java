package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.access.RefusalLog;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * WS-Security UsernameToken checks against the users: the digest computed here apart from the code under test, which
 * users can use PasswordDigest (those whose password edgecam knows), the clock window and nonce replays.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UsernameTokenAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private UsernameTokenAuthenticator authenticator(UserStore users) {
        HttpAuthenticator logins = new HttpAuthenticator(users, PublicEndpoints.none(),
                new RefusalLog(LoggerFactory.getLogger(getClass()), RefusalLog.WINDOW_MILLIS));
        return new UsernameTokenAuthenticator(logins, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String digest(String nonce, String created, String password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(Base64.getDecoder().decode(nonce));
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha1.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpAuthenticator.Outcome check(UsernameTokenAuthenticator auth, String user, String password,
                                                   boolean isDigest, String nonce, String created) {
        return auth.check(user, password, isDigest, nonce, created, CLIENT, () -> true).join();
    }

    @Test
    void anAuthUsersDigestIsAcceptedOnceWithinFiveMinutes() throws Exception {
        UsernameTokenAuthenticator auth = authenticator(UserStore.of(List.of("nvr:s3cret"), List.of()));
        String created = "2026-11-30T10:03:00.000Z";
        String nonce = "MTIzNDU2Nzg5MDEyMzQ1Ng==";
        assertThat(check(auth, "nvr", digest(nonce, created, "s3cret"), true, nonce, created))
                .isEqualTo(HttpAuthenticator.Outcome.ACCEPTED);
        assertThat(check(auth, "nvr", digest(nonce, created, "s3cret"), true, nonce, created)).as("replayed")
                .isEqualTo(HttpAuthenticator.Outcome.REJECTED);
        String late = "2026-11-30T10:05:01Z";
        String other = "b3RoZXItbm9uY2U=";
        assertThat(check(auth, "nvr", digest(other, late, "s3cret"), true, other, late)).as("5 min 1 s ahead")
                .isEqualTo(HttpAuthenticator.Outcome.REJECTED);
        assertThat(check(auth, "nvr", digest(other, created, "guess"), true, other, created))
                .isEqualTo(HttpAuthenticator.Outcome.REJECTED);
        assertThat(check(auth, "nobody", digest(other, created, "s3cret"), true, other, created))
                .isEqualTo(HttpAuthenticator.Outcome.REJECTED);
        assertThat(check(auth, "", "", true, "", "")).isEqualTo(HttpAuthenticator.Outcome.NO_CREDENTIALS);
    }

    @Test
    void aFileUserNeedsItsOnvifLineForDigestButNotForText() throws Exception {
        Path file = dir.resolve("users");
        Files.write(file, List.of(
                "cam:" + PasswordHash.of("pw-of-cam".toCharArray(), 1000),
                "nvr:" + PasswordHash.of("pw-of-nvr".toCharArray(), 1000),
                "nvr:" + UserStore.onvifLine("pw-of-nvr".toCharArray())));
        UsernameTokenAuthenticator auth = authenticator(UserStore.of(List.of(), List.of(file)));
        String created = NOW.toString();
        assertThat(check(auth, "nvr", digest("bm9uY2UtYQ==", created, "pw-of-nvr"), true, "bm9uY2UtYQ==", created))
                .isEqualTo(HttpAuthenticator.Outcome.ACCEPTED);
        assertThat(check(auth, "cam", digest("bm9uY2UtYg==", created, "pw-of-cam"), true, "bm9uY2UtYg==", created))
                .as("no onvif-plain line: edgecam cannot compute the digest").isEqualTo(HttpAuthenticator.Outcome.REJECTED);
        assertThat(check(auth, "cam", "pw-of-cam", false, "", "")).as("PasswordText against the PBKDF2 hash")
                .isEqualTo(HttpAuthenticator.Outcome.ACCEPTED);
        assertThat(check(auth, "cam", "wrong", false, "", "")).isEqualTo(HttpAuthenticator.Outcome.REJECTED);
    }
}
