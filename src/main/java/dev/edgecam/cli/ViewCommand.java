package dev.edgecam.cli;

import dev.edgecam.client.receive.FrameEndpoint;
import dev.edgecam.client.receive.ReconnectingReceiver;
import dev.edgecam.client.view.ViewSession;
import dev.edgecam.client.view.ViewWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgecam view HOST[:PORT]}: a window with the live picture; q quits, s saves a snapshot, r records. */
@Command(name = "view",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Show the live picture in a window, scaled to fit, with frame rate, resolution and bit rate.",
            "Keys: q quit, s save a snapshot, r start/stop recording.",
            "Reconnects when the server restarts or the network drops."},
        showDefaultValues = true)
final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptionsMixin client;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR",
            description = "Where snapshots (s) and recordings (r) are saved.")
    Path directory = Path.of(".");

    @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0",
            description = "Stop reconnecting after this long without a frame; 0 keeps trying until closed.")
    Duration giveUpAfter;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String why = ViewWindow.whyNoDisplay();
        if (why != null) {
            err.println("edgecam: view needs a window, but there is " + why
                    + ". Use 'edgecam record' or 'edgecam snapshot' without a display.");
            return 1;
        }
        FrameEndpoint endpoint = client.endpoint();
        ViewSession session = new ViewSession(directory, spec.commandLine().getOut());
        try (ReconnectingReceiver receiver = ReconnectingReceiver.open(endpoint, giveUpAfter, session);
             SignalWatch ignored = SignalWatch.onSignal(receiver::close)) {
            err.println("viewing " + endpoint.describe() + ": q quits, s saves a snapshot, r starts/stops recording");
            session.run(receiver, "edgecam " + endpoint.describe());
            return 0;
        } catch (IOException e) {
            err.println("edgecam: cannot view " + endpoint.describe() + ": " + e.getMessage());
            return 1;
        }
    }
}
