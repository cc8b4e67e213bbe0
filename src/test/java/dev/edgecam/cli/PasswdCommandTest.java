package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.transport.security.PasswordHash;
import dev.edgecam.transport.security.UserStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code edgecam passwd} prints lines that {@code serve --auth-file} accepts, and nothing secret on the way. */
@Timeout(60)
class PasswdCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ((PasswdCommand) cli.getSubcommands().get("passwd").getCommand()).stdin =
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return cli.execute(args);
    }

    @Test
    void aHashedPasswordLineWorksInAnAuthFile() throws Exception {
        assertThat(run("correct horse battery\n", "passwd", "alice", "--password-stdin", "--iterations", "2000")).isZero();
        String line = out.toString().strip();
        assertThat(line).startsWith("alice:" + PasswordHash.SCHEME + ":2000:").doesNotContain("correct horse");
        Path file = Files.writeString(dir.resolve("users"), line + "\n");
        UserStore users = UserStore.of(List.of(), List.of(file));
        assertThat(users.checkPassword("alice", "correct horse battery")).isTrue();
        assertThat(users.checkPassword("alice", "correct horse")).isFalse();
    }

    @Test
    void aTokenIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        assertThat(run("", "passwd", "nvr", "--token")).isZero();
        String line = out.toString().strip();
        String token = err.toString().lines().filter(l -> !l.contains(" ")).findFirst().orElseThrow();
        assertThat(line).startsWith("nvr:" + UserStore.TOKEN_SCHEME + ":").doesNotContain(token);
        UserStore users = UserStore.of(List.of(), List.of(Files.writeString(dir.resolve("users"), line)));
        assertThat(users.tokenOwner(token)).isEqualTo("nvr");
        assertThat(users.tokenOwner(token + "x")).isNull();
    }

    @Test
    void shortPasswordsBadNamesAndMissingTerminalsAreRefusedClearly() {
        assertThat(run("short\n", "passwd", "alice", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString()).contains("shorter than 8 characters");
        assertThat(out.toString()).isEmpty();
        assertThat(run("long enough pw\n", "passwd", "al:ice", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString()).contains("the user name 'al:ice' may use only");
        // Under the test runner there is no console: without --password-stdin the command says what to do.
        if (System.console() == null) {
            assertThat(run("", "passwd", "alice")).isEqualTo(2);
            assertThat(err.toString()).contains("--password-stdin");
        }
    }

    @Test
    void badAuthFilesAreRefusedByServeWithFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("users"), "# ok\nalice:pbkdf2-sha256:10:AAAA:BBBB\n");
        assertThat(run("", "serve", "--auth-file", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("auth file " + file + " line 2").contains("iteration count '10'");
        assertThat(run("", "serve", "--auth-file", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read auth file").contains("edgecam passwd");
        assertThat(run("", "serve", "--auth", "justapassword")).isEqualTo(2);
        assertThat(err.toString()).contains("--auth wants USER:PASSWORD").doesNotContain("justapassword");
        assertThat(run("", "serve", "--public", "state,secrets")).isEqualTo(2);
        assertThat(err.toString()).contains("'secrets' is no endpoint");
    }
}
