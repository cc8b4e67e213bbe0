package dev.edgecam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgecam} command line. The only place that calls {@link System#exit}. */
@Command(name = "edgecam",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streams live camera video from an edge device to viewers and programs on the LAN.",
        subcommands = {ServeCommand.class, PasswdCommand.class, BenchCommand.class,
            SnapshotCommand.class, RecordCommand.class, RecordingsCommand.class,
            ViewCommand.class, ShellCommand.class, DiscoverCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        String wrongPlatform = PlatformCheck.problem(); // before any command can load a native library
        if (wrongPlatform != null) {
            System.err.println(wrongPlatform);
            System.exit(1);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'edgecam serve' or 'edgecam --help'");
    }
}
