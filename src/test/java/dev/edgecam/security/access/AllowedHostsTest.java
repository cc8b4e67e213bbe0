package dev.edgecam.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The names a changing request may be addressed to: this machine's, {@code --allowed-host}'s, nothing else. */
@Timeout(10)
class AllowedHostsTest {

    private final AllowedHosts hosts = AllowedHosts.ofThisMachine(List.of("Camera.Example.LAN"));

    @Test
    void theMachinesOwnNameAndItsMdnsNameAreAllowed() throws Exception {
        String machine = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
        assertThat(hosts.allows(machine, null)).isTrue();
        assertThat(hosts.allows(machine + ".local:8080", null)).isTrue();
        assertThat(hosts.allows(machine + ".evil.example", null)).isFalse();
    }

    @Test
    void configuredNamesAreAllowedWhateverTheirCaseAndPort() {
        assertThat(hosts.allows("camera.example.lan:8443", null)).isTrue();
        assertThat(hosts.allows("CAMERA.example.lan.", null)).isTrue();
        assertThat(hosts.allows("camera.example", null)).isFalse();
        assertThat(hosts.names()).contains("localhost", "camera.example.lan");
    }

    @Test
    void addressesOfThisMachineAndTheOneTheConnectionArrivedOnAreAllowed() throws Exception {
        assertThat(hosts.allows("127.0.0.1:8080", null)).isTrue();
        assertThat(hosts.allows("[::1]", null)).isTrue();
        assertThat(hosts.allows("::1", null)).as("a bare IPv6 address has no port").isTrue();
        // 192.0.2.0/24 is for documentation: no machine has it, unless the connection says it arrived there.
        assertThat(hosts.allows("192.0.2.7", null)).isFalse();
        assertThat(hosts.allows("192.0.2.7:80", InetAddress.getByName("192.0.2.7"))).isTrue();
    }

    @Test
    void aFlagValueThatIsNotAHostNameIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> AllowedHosts.ofThisMachine(List.of("http://camera/")))
                .hasMessageContaining("--allowed-host 'http://camera/' is not a host name");
    }
}
