package dev.edgecam.cli;

import dev.edgecam.security.auth.PasswordHash;
import dev.edgecam.security.auth.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgecam passwd USER}: prints a line for {@code serve --auth-file} with the user's password hashed
 * (PBKDF2-SHA256), asking for the password without echoing it; or, with {@code --token}, a new Bearer token
 * for a program (an NVR, Home Assistant) and the line that stores its hash. With {@code --digest}, also the
 * line that lets the user log in to RTSP with Digest (HA1, password-equivalent for that: opt-in); with {@code --onvif},
 * the line that lets an NVR use ONVIF's PasswordDigest (the password itself, Base64: opt-in). With {@code --file} the line is
 * added to the auth file, which is made (with its folder) when missing, like {@code htpasswd -c}.
 *
 * <p>The password is asked on the terminal even when standard output goes to a file; a process without a
 * terminal (a script) gives it on standard input.
 */
@Command(name = "passwd",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Print a line for 'serve --auth-file': USER with a hashed password, or a new Bearer token.",
            "Example: edgecam passwd --file ~/.config/edgecam/users alice",
            "Asks for the password on the terminal; without a terminal it reads the first line of standard input."},
        showDefaultValues = true)
final class PasswdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USER", description = "The user name (letters, digits, . _ @ -).")
    String user;

    @Option(names = "--token", description = "Make a random Bearer token instead of asking for a password.")
    boolean token;

    @Option(names = "--digest", description = "Also write a Digest line (" + UserStore.DIGEST_SCHEME + ":"
            + UserStore.REALM + ":HA1) for RTSP players and NVRs that speak only Digest. Opt-in: HA1 is "
            + "password-equivalent for RTSP Digest, so whoever reads the file can log in as USER that way.")
    boolean digest;

    @Option(names = "--onvif", description = "Also write an ONVIF line (" + UserStore.ONVIF_SCHEME + ":BASE64) so NVRs "
            + "can log in with WS-Security PasswordDigest, which needs the password itself. Opt-in: the line IS the "
            + "password (Base64 hides nothing); give the NVR a user of its own.")
    boolean onvif;

    @Option(names = "--file", paramLabel = "FILE", description = "Add the line to this auth file instead of printing "
            + "it; the file and its folder are made when missing (the file readable by you only). A later line for "
            + "the same user replaces an earlier one.")
    Path file;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input "
            + "(for scripts) even when there is a terminal.")
    boolean passwordStdin;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (1000 to 10000000).")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    /** Where --password-stdin reads, and where the password comes from without a terminal; tests replace it. */
    InputStream stdin = System.in;

    /** The terminal to ask on, null when there is none; tests replace it. */
    Supplier<PasswordTerminal> terminal = PasswordTerminal::open;

    @Override
    public Integer call() throws IOException {
        try {
            UserStore.checkName(user, "USER");
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("edgecam passwd: " + e.getMessage());
            return 2;
        }
        if (token && (digest || onvif)) {
            spec.commandLine().getErr().println("edgecam passwd: " + (digest ? "--digest" : "--onvif")
                    + " needs a password; a --token has none");
            return 2;
        }
        if (token) {
            String secret = UserStore.newToken();
            if (!emit(user + ":" + UserStore.tokenLine(secret))) {
                return 1;
            }
            spec.commandLine().getErr().println("Token for " + user + " (shown only now; "
                    + (file == null ? "the line above" : file.toString()) + " stores only its hash):");
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
            if (!emit(user + ":" + hash)) {
                return 1;
            }
            return (!digest || emit(user + ":" + UserStore.digestLine(user, password)))
                    && (!onvif || emit(user + ":" + UserStore.onvifLine(password))) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("edgecam passwd: --iterations: " + e.getMessage());
            return 2;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Prints the line, or adds it to {@link #file}; false after saying why it could not be written. */
    private boolean emit(String line) {
        if (file == null) {
            spec.commandLine().getOut().println(line);
            return true;
        }
        try {
            AuthFileAppender.append(file, line);
            spec.commandLine().getErr().println("added " + user + " to " + file
                    + " (serve --auth-file reads it when it starts: restart a running server)");
            return true;
        } catch (IOException e) {
            spec.commandLine().getErr().println("edgecam passwd: cannot add the line to " + file + ": " + e.getMessage()
                    + "; nothing written");
            return false;
        }
    }

    /** The password, or null after printing why there is none. */
    private char[] readPassword() throws IOException {
        char[] password;
        PasswordTerminal tty = passwordStdin ? null : terminal.get();
        if (tty == null) {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                spec.commandLine().getErr().println("edgecam passwd: " + (passwordStdin ? "" : "no terminal to ask "
                        + "for the password on, and ") + "nothing on standard input; give the password on its first line");
                return null;
            }
            password = line.toCharArray();
        } else {
            password = tty.readHidden("Password for " + user + ": ");
            char[] again = password == null ? null : tty.readHidden("Same password again: ");
            if (again == null) {
                spec.commandLine().getErr().println("edgecam passwd: no password given; nothing written");
                return null;
            }
            if (!Arrays.equals(password, again)) {
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
