package dev.edgecam.testing;

import dev.edgecam.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an {@code edgecam} command in-process and keeps what it printed. */
public final class CommandRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cli;

    public CommandRun() {
        this(Main.commandLine());
    }

    public CommandRun(CommandLine cli) {
        this.cli = cli;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
    }

    /** Runs the command and returns its exit code. */
    public int execute(String... args) {
        return cli.execute(args);
    }

    /** What was printed to stdout so far (safe to read while the command runs). */
    public String out() {
        return out.toString();
    }

    /** What was printed to stderr so far (safe to read while the command runs). */
    public String err() {
        return err.toString();
    }
}
