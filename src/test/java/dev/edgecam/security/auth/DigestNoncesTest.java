package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DigestNoncesTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final DigestNonces nonces = new DigestNonces(new byte[32], now::get);

    @Test
    void aNonceIsFreshForFiveMinutesThenExpired() {
        String nonce = nonces.issue();
        assertThat(nonces.check(nonce)).isEqualTo(DigestNonces.State.FRESH);
        now.addAndGet(DigestNonces.VALID_MILLIS);
        assertThat(nonces.check(nonce)).isEqualTo(DigestNonces.State.FRESH);
        now.addAndGet(1);
        assertThat(nonces.check(nonce)).isEqualTo(DigestNonces.State.EXPIRED);
    }

    @Test
    void aTamperedForeignOrGarbledNonceIsNotOurs() {
        String nonce = nonces.issue();
        char last = nonce.charAt(nonce.length() - 1);
        String tampered = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(nonces.check(tampered)).isEqualTo(DigestNonces.State.FOREIGN);
        byte[] otherSecret = new byte[32];
        otherSecret[0] = 1;
        assertThat(new DigestNonces(otherSecret, now::get).check(nonce)).as("another run's nonce")
                .isEqualTo(DigestNonces.State.FOREIGN);
        assertThat(nonces.check("not base64 !")).isEqualTo(DigestNonces.State.FOREIGN);
        assertThat(nonces.check("")).isEqualTo(DigestNonces.State.FOREIGN);
    }

    @Test
    void nonceTextIsSafeInsideAQuotedHeaderValue() {
        assertThat(nonces.issue()).matches("[A-Za-z0-9_-]{32}");
    }
}
