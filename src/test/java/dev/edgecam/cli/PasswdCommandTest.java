package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.PasswordHash;
import dev.edgecam.security.auth.UserStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
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

    /** Runs a command with no terminal (as a script would), whatever terminal runs the tests. */
    private int run(String stdin, String... args) {
        return run(() -> null, stdin, args);
    }

    private int run(Supplier<PasswordTerminal> terminal, String stdin, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        PasswdCommand passwd = (PasswdCommand) cli.getSubcommands().get("passwd").getCommand();
        passwd.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        passwd.terminal = terminal;
        return cli.execute(args);
    }

    /** A terminal where the person types {@code answers}, one per prompt. */
    private static Supplier<PasswordTerminal> typing(String... answers) {
        Iterator<String> typed = List.of(answers).iterator();
        return () -> prompt -> typed.hasNext() ? typed.next().toCharArray() : null;
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
        // No terminal and nothing piped in: the command says where the password goes.
        assertThat(run("", "passwd", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("no terminal to ask for the password on, and nothing on standard input");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutATerminalTheFirstLineOfStandardInputIsThePassword() throws Exception {
        assertThat(run("from a script\n", "passwd", "robot", "--iterations", "2000")).as(err.toString()).isZero();

        UserStore users = UserStore.of(List.of(), List.of(Files.writeString(dir.resolve("users"), out.toString())));
        assertThat(users.checkPassword("robot", "from a script")).isTrue();
    }

    @Test
    void onATerminalThePasswordIsAskedTwiceAndMustMatch() throws Exception {
        assertThat(run(typing("typed twice ok", "typed twice ok"), "", "passwd", "alice", "--iterations", "2000"))
                .as(err.toString()).isZero();
        UserStore users = UserStore.of(List.of(), List.of(Files.writeString(dir.resolve("users"), out.toString())));
        assertThat(users.checkPassword("alice", "typed twice ok")).isTrue();

        out.getBuffer().setLength(0);
        assertThat(run(typing("typed twice ok", "typed twice 0k"), "", "passwd", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("the two passwords differ; nothing written");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void fileMakesTheFolderAndAnOwnerOnlyFileAndAppendsEachLine() throws Exception {
        Path users = dir.resolve("fresh/home/.config/edgecam/users");

        assertThat(run("first password\n", "passwd", "--file", users.toString(), "alice", "--iterations", "2000"))
                .as(err.toString()).isZero();
        assertThat(run("", "passwd", "--file", users.toString(), "--token", "nvr")).as(err.toString()).isZero();
        Files.writeString(users, "# a comment without a newline", StandardOpenOption.APPEND);
        assertThat(run("second password\n", "passwd", "--file", users.toString(), "alice", "--iterations", "2000"))
                .as(err.toString()).isZero();

        assertThat(out.toString()).as("the lines went to the file, not to stdout").isEmpty();
        assertThat(err.toString()).contains("added alice to " + users).contains("added nvr to " + users);
        assertThat(Files.getPosixFilePermissions(users)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        List<String> lines = Files.readAllLines(users);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).isEqualTo("# a comment without a newline");
        UserStore store = UserStore.of(List.of(), List.of(users));
        assertThat(store.checkPassword("alice", "second password")).as("the later line wins").isTrue();
        assertThat(store.checkPassword("alice", "first password")).isFalse();
        assertThat(store.names()).contains("nvr");
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndNothingIsPrinted() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain"), "a file");

        assertThat(run("long enough pw\n", "passwd", "--file", notAFolder.resolve("users").toString(), "alice",
                "--iterations", "2000")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot add the line to " + notAFolder.resolve("users"))
                .contains(notAFolder + " is a file, not a folder").contains("nothing written");
        assertThat(out.toString()).isEmpty();
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

    @Test
    void digestAddsAnHa1LineBesideThePbkdf2Line() throws Exception {
        Path file = dir.resolve("users");
        List<String> lines = passwdTwoLines("alice", "--digest", file);
        assertThat(lines.get(0)).startsWith("alice:" + PasswordHash.SCHEME + ":2000:");
        // HA1 = MD5(user:realm:password) (RFC 2617), computed here apart from the code under test
        assertThat(lines.get(1)).isEqualTo("alice:digest-md5:edgecam:" + md5("alice:edgecam:correct horse battery"));
        UserStore users = UserStore.of(List.of(), List.of(file));
        assertThat(users.digestUsers()).containsExactly("alice");
        assertThat(users.checkPassword("alice", "correct horse battery")).isTrue();
    }

    @Test
    void onvifAddsThePasswordLineThatWsSecurityDigestNeeds() throws Exception {
        Path file = dir.resolve("users");
        List<String> lines = passwdTwoLines("nvr", "--onvif", file);
        assertThat(lines.get(1)).isEqualTo("nvr:onvif-plain:" + java.util.Base64.getEncoder()
                .encodeToString("correct horse battery".getBytes(StandardCharsets.UTF_8)));
        assertThat(UserStore.of(List.of(), List.of(file)).checkPassword("nvr", "correct horse battery")).isTrue();
        assertThat(run("", "passwd", "nvr", "--token", "--onvif")).isEqualTo(2);
        assertThat(err.toString()).contains("--onvif needs a password");
    }

    /** Runs {@code passwd USER FLAG --file FILE} with the password "correct horse battery": the two lines it wrote. */
    private List<String> passwdTwoLines(String user, String flag, Path file) throws Exception {
        assertThat(run("correct horse battery\n", "passwd", user, flag, "--password-stdin", "--iterations", "2000",
                "--file", file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        return lines;
    }

    @Test
    void digestWithATokenIsRefused() {
        assertThat(run("", "passwd", "nvr", "--token", "--digest")).isEqualTo(2);
        assertThat(err.toString()).contains("--digest needs a password");
        assertThat(out.toString()).isEmpty();
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
