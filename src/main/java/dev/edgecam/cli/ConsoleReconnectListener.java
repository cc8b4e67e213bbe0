package dev.edgecam.cli;

import dev.edgecam.client.receive.ReconnectingReceiver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Says on stderr when a stream is lost and when it is back. The loss and its reason get a line of their
 * own; the retries that follow rewrite one line in place, so a long outage does not scroll the screen.
 */
final class ConsoleReconnectListener implements ReconnectingReceiver.Listener {

    /** Longest reason shown on the retry line, so it fits a terminal. */
    static final int MAX_RETRY_REASON_CHARS = 60;

    private final PrintWriter err;

    ConsoleReconnectListener(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void connectionLost(String reason, Duration wait, int attempt) {
        if (attempt == 1) {
            err.printf(Locale.ROOT, "%nconnection lost: %s%n", reason);
        }
        String shortReason = reason.length() > MAX_RETRY_REASON_CHARS
                ? reason.substring(0, MAX_RETRY_REASON_CHARS - 3) + "..." : reason;
        err.printf(Locale.ROOT, "\rreconnecting in %.1f s (attempt %d)%s    ", wait.toMillis() / 1000.0, attempt,
                attempt == 1 ? "" : ": " + shortReason);
        err.flush();
    }

    @Override
    public void reconnected(String server, int attempts) {
        err.println();
        err.println("reconnected to " + server + " after " + attempts + (attempts == 1 ? " attempt" : " attempts"));
        err.flush();
    }
}
