package dev.edgecam.cli;

import dev.edgecam.client.receive.LegacyClient;
import dev.edgecam.client.receive.ServerAddress;
import dev.edgecam.client.shell.LegacyShell;
import dev.edgecam.client.view.ViewWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgecam shell HOST[:PORT]}: the original interactive client's prompt and commands. */
@Command(name = "shell",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"The original client's interactive prompt: 0 request an image, 1 do nothing, 2 exit, "
                + "3 video stream (recorded to video_stream_<epoch-ms>.avi; q stops).",
            "Works with edgecam and with the original edge server."},
        showDefaultValues = true)
final class ShellCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptionsMixin client;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "Where images and videos are saved.")
    Path directory = Path.of(".");

    @Option(names = "--no-window", description = "Never open a window: images are saved to files instead.")
    boolean noWindow;

    /** What the user types; tests replace it with a pipe. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerAddress server = client.server;
        if (server.scheme() != ServerAddress.Scheme.LEGACY) {
            err.println("edgecam: shell speaks the legacy TCP protocol; give HOST[:PORT] (port 6810), not a URL");
            return 2;
        }
        boolean windows = !noWindow && ViewWindow.whyNoDisplay() == null;
        if (!noWindow && !windows) {
            err.println("edgecam: " + ViewWindow.whyNoDisplay() + "; images will be saved to files");
        }
        LegacyClient connection;
        try {
            connection = LegacyClient.connect(server.host(), server.port(), client.options());
        } catch (IOException e) {
            err.println("edgecam: " + e.getMessage());
            return 1;
        }
        try (connection) {
            return new LegacyShell(connection, stdin, out, directory, windows).run();
        }
    }
}
