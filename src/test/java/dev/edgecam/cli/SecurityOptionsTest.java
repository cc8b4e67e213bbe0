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

    @Test
    void aPerAddressLimitAboveTheTotalIsRefused() {
        // docs/security.md's old "shop" line: one address could take all 32 places.
        assertThat(run("serve", "--max-clients", "32", "--max-clients-per-address", "64")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-clients-per-address 64 is more than --max-clients 32")
                .contains("give at most 32");
    }

    @Test
    void withoutAPerAddressLimitAddressesGetAQuarterOfThePlaces() {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.parseArgs("--max-clients", "32");
        assertThat(serve.security.toConfig(cli.getCommandSpec()).limits().maxClientsPerAddress()).isEqualTo(8);
    }

    @Test
    void anAllowedHostThatIsNotANameIsRefused() {
        assertThat(run("serve", "--allowed-host", "http://camera.lan/")).isEqualTo(2);
        assertThat(err.toString()).contains("--allowed-host 'http://camera.lan/' is not a host name");
    }
}
