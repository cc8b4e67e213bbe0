package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.security.auth.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgecam passwd alice >> users} as a person types it: in its own process on a real pseudo-terminal
 * (util-linux {@code script}, which passes what the test writes to the terminal and copies what the terminal
 * shows), with standard output redirected to the file, where Java 17's {@code System.console()} is null.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PasswdOnTerminalTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Process script;
    private final StringBuffer screen = new StringBuffer();

    @AfterEach
    void stop() throws InterruptedException {
        if (script != null && script.isAlive()) {
            script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void asksOnTheTerminalWithoutEchoWhileStandardOutputGoesToTheFile() throws Exception {
        Path users = dir.resolve("users");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The shell opens the redirect before edgecam runs, as in the README; $0.. keep the paths unquoted-safe.
        String command = "exec \"$0\" -cp \"$1\" " + Main.class.getName() + " passwd alice --iterations 2000 >> \"$2\"";
        script = new ProcessBuilder("script", "--quiet", "--return", "--flush", "--command",
                "sh -c '" + command + "' " + String.join(" ", quoted(java), quoted(System.getProperty("java.class.path")),
                        quoted(users.toString())), "/dev/null")
                .redirectErrorStream(true).start();
        copyScreen(script.getInputStream());
        OutputStream keyboard = script.getOutputStream();

        awaitPrompt("Password for alice: ");
        type(keyboard, PASSWORD);
        awaitPrompt("Same password again: ");
        type(keyboard, PASSWORD);

        assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("exited; screen:\n%s", screen).isTrue();
        assertThat(script.exitValue()).as("exit code; screen:\n%s", screen).isZero();
        assertThat(screen.toString()).as("nothing echoed").doesNotContain("correct horse");
        List<String> lines = Files.readAllLines(users);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line).startsWith("alice:"));
        assertThat(UserStore.of(List.of(), List.of(users)).checkPassword("alice", PASSWORD)).isTrue();
    }

    private void awaitPrompt(String prompt) {
        await().atMost(Duration.ofSeconds(60)).until(() -> screen.toString().contains(prompt) || !script.isAlive());
        assertThat(screen.toString()).as("the terminal shows the prompt").contains(prompt);
    }

    private static void type(OutputStream keyboard, String line) throws IOException {
        keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8)); // Enter sends CR; the terminal makes it \n
        keyboard.flush();
    }

    /** Copies what the terminal shows into {@link #screen}, on a thread of its own that ends with the process. */
    private void copyScreen(InputStream shown) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[1024];
            try {
                for (int n; (n = shown.read(buffer)) != -1; ) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                screen.append("\n[reading the terminal failed: ").append(e).append(']');
            }
        }, "terminal screen");
        copier.setDaemon(true);
        copier.start();
    }

    /** A word for sh, in single quotes; a path with a single quote in it is not expected here. */
    private static String quoted(String word) {
        assertThat(word).doesNotContain("'");
        return "'" + word + "'";
    }
}
