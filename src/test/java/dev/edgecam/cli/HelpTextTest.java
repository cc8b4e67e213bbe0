package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly. picocli reads each description as a format string: a bare {@code %} (as in
 * "10%") makes it print "picocli WARN Could not format" on standard error and show the raw text, so each per cent
 * sign has to be written {@code %%}. The warning goes to System.err itself, not to the command line's writer.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        CommandLine root = Main.commandLine();
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder(root.getUsageMessage());
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (Map.Entry<String, CommandLine> command : root.getSubcommands().entrySet()) {
                help.append(command.getValue().getUsageMessage());
            }
        } finally {
            System.setErr(saved);
        }

        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        String text = help.toString().replaceAll("\\s+", " "); // as wrapped to the terminal
        assertThat(text).contains("10% or 2GiB").contains("such as 1% (default: 1%)").doesNotContain("%%");
    }
}
