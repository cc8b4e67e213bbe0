package dev.edgecam.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The terminal a person types a password on, with echo off.
 *
 * <p>{@code edgecam passwd alice >> users} redirects standard output, and then Java 17's {@link System#console()}
 * is null although a person sits at the terminal, so the terminal is opened directly as {@code /dev/tty} (what
 * {@code ssh}, {@code sudo} and {@code gpg} do) with echo turned off by {@code stty}, and restored afterwards, also
 * when the JVM is stopped at the prompt. A process with no controlling terminal at all (a script, a service)
 * cannot open {@code /dev/tty}: {@link #open()} then returns null and the password comes from standard input.
 */
interface PasswordTerminal {

    /** Reads one line without echo after printing {@code prompt}; null at end of input (Ctrl-D). */
    char[] readHidden(String prompt) throws IOException;

    /** The terminal of this process, or null when it has none. */
    static PasswordTerminal open() {
        Console console = System.console();
        if (console != null) {
            return prompt -> console.readPassword("%s", prompt);
        }
        File tty = new File("/dev/tty");
        try {
            // Both opened here: without a controlling terminal the open fails (ENXIO), which means "no terminal".
            return new DevTty(tty, new FileInputStream(tty), new FileOutputStream(tty));
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code /dev/tty} with echo turned off by {@code stty} while a line is read. */
    final class DevTty implements PasswordTerminal {

        /** A password line longer than this is refused rather than held in memory. */
        static final int MAX_LINE_BYTES = 4096;

        private final File tty;
        private final InputStream in;
        private final OutputStream out;

        DevTty(File tty, InputStream in, OutputStream out) {
            this.tty = tty;
            this.in = in;
            this.out = out;
        }

        @Override
        public char[] readHidden(String prompt) throws IOException {
            String saved = stty("-g").strip();
            Thread restore = new Thread(() -> quietly(saved), "restore terminal echo");
            Runtime.getRuntime().addShutdownHook(restore); // Ctrl-C at the prompt must not leave echo off
            try {
                stty("-echo");
                out.write(prompt.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return readLine();
            } finally {
                quietly(saved);
                out.write('\n'); // the Enter the person typed was not echoed
                out.flush();
                Runtime.getRuntime().removeShutdownHook(restore);
            }
        }

        private char[] readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() >= MAX_LINE_BYTES) {
                    throw new IOException("the password is longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            int end = chars.limit() > chars.position() && chars.get(chars.limit() - 1) == '\r'
                    ? chars.limit() - 1 : chars.limit();
            char[] password = Arrays.copyOfRange(chars.array(), chars.position(), end);
            Arrays.fill(chars.array(), '\0');
            return password;
        }

        private void quietly(String settings) {
            try {
                stty(settings);
            } catch (IOException e) {
                // Nothing more to do: the person can type 'stty sane'.
            }
        }

        /** Runs {@code stty} on this terminal and returns what it printed. */
        private String stty(String argument) throws IOException {
            Process stty = new ProcessBuilder("stty", argument).redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!stty.waitFor(10, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                    throw new IOException("cannot turn off echo on the terminal ('stty " + argument + "' failed); "
                            + "pipe the password in with --password-stdin instead");
                }
                return output;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while setting up the terminal", e);
            } finally {
                stty.destroy();
            }
        }
    }
}
