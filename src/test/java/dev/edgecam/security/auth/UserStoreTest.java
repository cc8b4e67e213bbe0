package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UserStoreTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownUserNameCostsAsManyIterationsAsTheDearestStoredPassword() throws Exception {
        // Stored lines as 'edgecam passwd' writes them; the hash bytes do not matter for the cost.
        String salt = Base64.getEncoder().withoutPadding().encodeToString(new byte[16]);
        String hash = Base64.getEncoder().withoutPadding().encodeToString(new byte[32]);
        Path file = Files.writeString(dir.resolve("users"), "alice:pbkdf2-sha256:600000:" + salt + ":" + hash + "\n"
                + "bob:pbkdf2-sha256:200000:" + salt + ":" + hash + "\n");
        UserStore users = UserStore.of(List.of(), List.of(file));
        // Before, unknown names cost 1 000 iterations against 600 000: the timing told which names exist.
        assertThat(users.decoyIterations()).isEqualTo(600_000);
        assertThat(UserStore.of(List.of("carol:x"), List.of()).decoyIterations())
                .as("without stored passwords an unknown name stays cheap").isEqualTo(PasswordHash.MIN_ITERATIONS);
    }

    @Test
    void aDecoyMatchesNoPassword() {
        PasswordHash decoy = PasswordHash.decoy(PasswordHash.MIN_ITERATIONS);
        assertThat(decoy.matches("".toCharArray())).isFalse();
        assertThat(decoy.matches("decoy".toCharArray())).isFalse();
    }
}
