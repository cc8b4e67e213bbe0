package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.CommandRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line in-process: help with defaults, and bad flags refused clearly before anything starts. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MainTest {

    @Test
    void rootHelpListsTheServeCommand() {
        CommandRun run = new CommandRun();

        assertThat(run.execute("--help")).isZero();
        assertThat(run.out()).contains("Usage: edgecam").contains("serve").contains("--version");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void serveHelpShowsEveryDefault() {
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--help")).isZero();
        assertThat(run.out()).contains("Usage: edgecam serve")
                .contains("--source").contains("Default: auto")
                .contains("--size").contains("Default: 1280x720")
                .contains("--fps").contains("Default: 30")
                .contains("--quality").contains("Default: 80")
                .contains("--host").contains("Default: 0.0.0.0")
                .contains("--port").contains("Default: 6810")
                .contains("--status-interval").contains("Default: 5")
                .contains("--read-only-settings");
    }

    @Test
    void noCommandIsAClearErrorNotASilentSuccess() {
        CommandRun run = new CommandRun();

        assertThat(run.execute()).isNotZero();
        assertThat(run.err()).contains("Missing command");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--fps     | 0       | '--fps': 0 is out of range; use 1 to 240",
        "--fps     | 241     | '--fps': 241 is out of range; use 1 to 240",
        "--fps     | fast    | '--fps'",
        "--size    | abc     | 'abc' is not a size: write WIDTHxHEIGHT",
        "--size    | 8x8     | each side must be 16 to 8192",
        "--quality | 101     | '--quality': 101 is out of range; use 1 to 100",
        "--quality | 0       | '--quality': 0 is out of range; use 1 to 100",
        "--source  | nosuch  | unknown source 'nosuch'",
        "--port    | 70000   | '--port': 70000 is out of range; use 0 to 65535",
    })
    void badFlagsAreRefusedWithAClearMessageAndANonZeroExit(String option, String value, String message) {
        CommandRun run = new CommandRun();

        int exit = run.execute("serve", option, value);

        assertThat(exit).isNotZero();
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownFlagIsNamed() {
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--frames-per-second", "10")).isNotZero();
        assertThat(run.err()).contains("Unknown option").contains("--frames-per-second");
    }
}
