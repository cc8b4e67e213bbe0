package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Bad security flags are refused before anything starts, with a message naming the flag and what to give. */
@Timeout(30)
class SecurityOptionsTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void aHostNameInAnAllowListIsRefused() {
        assertThat(run("serve", "--allow", "192.168.1.0/24,printer.local")).isEqualTo(2);
        assertThat(err.toString()).contains("--allow").contains("'printer.local' is not an address block")
                .contains("192.168.1.0/24");
    }

    @Test
    void anEmptyLegacyAllowListIsRefused() {
        assertThat(run("serve", "--legacy-allow", ",")).isEqualTo(2);
        assertThat(err.toString()).contains("--legacy-allow").contains("names no address");
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThat(run("serve", "--max-clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("'--max-clients': 0 is out of range; use 1 to 100000");
        assertThat(run("serve", "--write-timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("'--write-timeout': 0 is out of range");
    }

    @Test
    void tlsFlagsMustComeInTheirPairs() {
        assertThat(run("serve", "--tls-cert", "cert.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(run("serve", "--tls-self-signed", "--tls-key", "key.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-self-signed makes its own certificate");
        assertThat(run("serve", "--tls-cert", "missing-cert.pem", "--tls-key", "missing-key.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the TLS certificate missing-cert.pem");
    }
}
