package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login lockout (issue 11, item 3): with real PBKDF2 hashes, one address sending wrong passwords must not make
 * another address's right login wait behind all of them, nor cost work for connections already gone.
 */
@Timeout(120)
class HttpAuthenticatorFairnessTest {

    private static final InetAddress ATTACKER = InetAddress.getLoopbackAddress();
    private static final InetAddress USER = address("::1");

    @TempDir
    Path dir;
    private HttpAuthenticator authenticator;

    @BeforeEach
    void start() throws Exception {
        // A tenth of the default cost keeps the test short; what matters is that each check takes a while.
        Path file = Files.writeString(dir.resolve("users"), "alice:"
                + PasswordHash.of("right one".toCharArray(), PasswordHash.DEFAULT_ITERATIONS / 10) + "\n");
        authenticator = HttpAuthenticator.of(UserStore.of(List.of(), List.of(file)), PublicEndpoints.none());
    }

    @AfterEach
    void close() {
        authenticator.close();
    }

    @Test
    void tenWrongLoginsFromOneAddressCannotMakeAnotherAddressWaitBehindThemAll() {
        List<CompletableFuture<HttpAuthenticator.Outcome>> attack = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attack.add(authenticator.check(basic("alice", "guess " + i), ATTACKER));
        }
        // All but the address's share are refused at once (429), costing no hashing at all.
        long refusedAtOnce = attack.stream().filter(f -> f.getNow(null) == HttpAuthenticator.Outcome.ADDRESS_BUSY).count();
        assertThat(refusedAtOnce).isEqualTo(10 - PasswordCheckQueue.MAX_PENDING_PER_ADDRESS);

        CompletableFuture<HttpAuthenticator.Outcome> user = authenticator.check(basic("alice", "right one"), USER);
        await().atMost(Duration.ofSeconds(60)).until(user::isDone);
        long attackerChecksHashedBeforeTheUser = attack.stream()
                .filter(f -> f.getNow(null) == HttpAuthenticator.Outcome.REJECTED).count();
        assertThat(user.join()).isEqualTo(HttpAuthenticator.Outcome.ACCEPTED);
        assertThat(attackerChecksHashedBeforeTheUser).isLessThanOrEqualTo(PasswordCheckQueue.MAX_PENDING_PER_ADDRESS);
        await().atMost(Duration.ofSeconds(60)).until(() -> attack.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void aCheckForAConnectionThatHasClosedIsDroppedWithoutHashing() {
        CompletableFuture<HttpAuthenticator.Outcome> gone = authenticator.check(basic("alice", "guess"), ATTACKER, () -> false);
        await().atMost(Duration.ofSeconds(30)).until(gone::isDone);
        assertThat(gone.join()).isEqualTo(HttpAuthenticator.Outcome.ABANDONED);
        assertThat(authenticator.retryAfterSeconds(ATTACKER)).isZero();
    }

    @Test
    void aSuccessfulLoginIsRememberedSoTheBrowsersNextRequestsCostNothing() {
        String header = basic("alice", "right one");
        // A browser's first requests arrive together with the same header: one check answers them all.
        List<CompletableFuture<HttpAuthenticator.Outcome>> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(authenticator.check(header, USER));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> first.stream().allMatch(CompletableFuture::isDone));
        assertThat(first).allSatisfy(f -> assertThat(f.join()).isEqualTo(HttpAuthenticator.Outcome.ACCEPTED));

        CompletableFuture<HttpAuthenticator.Outcome> later = authenticator.check(header, ATTACKER);
        assertThat(later.getNow(null)).as("answered at once from the cache").isEqualTo(HttpAuthenticator.Outcome.ACCEPTED);
        // A different header (another password) is not: it is checked, and refused.
        CompletableFuture<HttpAuthenticator.Outcome> other = authenticator.check(basic("alice", "right one!"), USER);
        assertThat(other.isDone()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(other::isDone);
        assertThat(other.join()).isEqualTo(HttpAuthenticator.Outcome.REJECTED);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
