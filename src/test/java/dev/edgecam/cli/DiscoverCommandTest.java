package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.CommandRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code edgecam discover}'s flags, without the network (browsing itself runs in namespaces: MdnsLabTest and
 * AvahiLabTest), and {@code serve}'s {@code --mdns} spelling.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DiscoverCommandTest {

    @Test
    void helpSaysWhatItListsAndTheFlags() {
        CommandRun run = new CommandRun();
        assertThat(run.execute("discover", "--help")).isZero();
        assertThat(run.out()).contains("Usage: edgecam discover", "--timeout=DURATION", "--interface=ADDRESS",
                "ID@SERVER");
    }

    @Test
    void aBadTimeoutIsRefusedBeforeAnythingIsSent() {
        CommandRun run = new CommandRun();
        assertThat(run.execute("discover", "--timeout", "soon")).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void serveRefusesAnUnknownMdnsMode() {
        CommandRun run = new CommandRun();
        assertThat(run.execute("serve", "--mdns", "bonjour")).isEqualTo(2);
        assertThat(run.err()).contains("'bonjour' is not an mdns mode; give one of auto, jmdns, avahi, off");
    }
}
