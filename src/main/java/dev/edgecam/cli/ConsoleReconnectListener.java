package dev.edgecam.cli;

import dev.edgecam.client.receive.ReconnectingReceiver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Says on stderr when a stream is lost and when it is back, each on a line of its own. */
final class ConsoleReconnectListener implements ReconnectingReceiver.Listener {

    private final PrintWriter err;

    ConsoleReconnectListener(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void connectionLost(String reason, Duration wait, int attempt) {
        err.printf(Locale.ROOT, "%nconnection lost: %s; reconnecting in %.1f s (attempt %d)%n", reason,
                wait.toMillis() / 1000.0, attempt);
        err.flush();
    }

    @Override
    public void reconnected(String server, int attempts) {
        err.println("reconnected to " + server + " after " + attempts + (attempts == 1 ? " attempt" : " attempts"));
        err.flush();
    }
}
