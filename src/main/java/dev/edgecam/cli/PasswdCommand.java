package dev.edgecam.cli;

import dev.edgecam.transport.security.PasswordHash;
import dev.edgecam.transport.security.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgecam passwd USER}: prints a line for {@code serve --auth-file} with the user's password hashed
 * (PBKDF2-SHA256), asking for the password without echoing it; or, with {@code --token}, a new Bearer token
 * for a program (an NVR, Home Assistant) and the line that stores its hash.
 */
@Command(name = "passwd",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Print a line for 'serve --auth-file': USER with a hashed password, or a new Bearer token.",
            "Example: edgecam passwd alice >> ~/.config/edgecam/users"},
        showDefaultValues = true)
final class PasswdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "The user name (letters, digits, . _ @ -).")
    String user;

    @Option(names = "--token", description = "Make a random Bearer token instead of asking for a password.")
    boolean token;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input "
            + "(for scripts) instead of asking on the terminal.")
    boolean passwordStdin;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (1000 to 10000000).")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    /** Where --password-stdin reads; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        try {
            UserStore.checkName(user, "USER");
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("edgecam passwd: " + e.getMessage());
            return 2;
        }
        if (token) {
            String secret = UserStore.newToken();
            spec.commandLine().getOut().println(user + ":" + UserStore.tokenLine(secret));
            spec.commandLine().getErr().println("Token for " + user + " (shown only now; the line above stores only its hash):");
            spec.commandLine().getErr().println(secret);
            spec.commandLine().getErr().println("Programs send it as the header 'Authorization: Bearer " + secret + "'.");
            return 0;
        }
        char[] password = readPassword();
        if (password == null) {
            return 2;
        }
        try {
            PasswordHash hash = PasswordHash.of(password, iterations);
            spec.commandLine().getOut().println(user + ":" + hash);
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("edgecam passwd: --iterations: " + e.getMessage());
            return 2;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The password, or null after printing why there is none. */
    private char[] readPassword() throws IOException {
        char[] password;
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                spec.commandLine().getErr().println("edgecam passwd: no terminal to ask for the password on; "
                        + "pipe it in with --password-stdin");
                return null;
            }
            password = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Same password again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                spec.commandLine().getErr().println("edgecam passwd: the two passwords differ; nothing written");
                return null;
            }
            Arrays.fill(again, '\0');
        }
        if (password.length < 8) {
            spec.commandLine().getErr().println("edgecam passwd: the password is shorter than 8 characters; choose a longer one");
            return null;
        }
        return password;
    }
}
