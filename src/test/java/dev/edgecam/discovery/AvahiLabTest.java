package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * edgecam beside a real avahi-daemon, as on Raspberry Pi OS: in host A of a namespace LAN, a private mount namespace
 * puts a temporary folder at {@code /etc/avahi/services} and {@code /run/avahi-daemon}, avahi-daemon runs there
 * (without D-Bus, on A's {@code eth0} only) and {@code serve} with the default {@code mdns: auto} sees it and writes
 * service files instead of answering itself. From host B, python3-zeroconf and {@code edgecam discover} find the
 * cameras Avahi publishes; a reload that removes one makes Avahi withdraw it; when {@code serve} stops its files go.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AvahiLabTest {

    private static final Path AVAHI_DAEMON = Path.of("/usr/sbin/avahi-daemon");

    @TempDir
    Path dir;

    @Test
    void withAvahiRunningTheCamerasArePublishedByAvahi() throws Exception {
        MdnsLab.requireZeroconf();
        MdnsLab.require(Files.isExecutable(AVAHI_DAEMON) && Files.isDirectory(Path.of("/etc/avahi/services")),
                "the Avahi test runs Debian's avahi-daemon (apt-get install avahi-daemon; .ci/run installs it)");
        try (NetLab lab = NetLab.create(2, 116)) {
            Host a = lab.host(0);
            Host b = lab.host(1);
            Path script = MdnsLab.browseScript(dir);
            Path services = Files.createDirectory(dir.resolve("services"));
            Path run = Files.createDirectory(dir.resolve("run"));
            Path avahiConfig = dir.resolve("avahi-daemon.conf");
            Files.writeString(avahiConfig, String.join("\n", "[server]", "use-ipv4=yes", "use-ipv6=no",
                    "allow-interfaces=" + a.device(), "enable-dbus=no", "[wide-area]", "enable-wide-area=no",
                    "[publish]", "publish-hinfo=no", "publish-workstation=no", ""));
            Path config = dir.resolve("edgecam.yml");
            Files.writeString(config, MdnsLab.config(a, "auto", "door", "yard"));
            List<String> command = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", String.join("\n",
                    "set -e",
                    "mount --make-rprivate /",
                    "mount --bind \"$1\" /etc/avahi/services",
                    "mkdir -p /run/avahi-daemon && mount --bind \"$2\" /run/avahi-daemon",
                    "avahi-daemon -f \"$3\" --no-drop-root --no-chroot --no-rlimits &",
                    "avahi=$!",
                    "for i in $(seq 100); do [ -s /run/avahi-daemon/pid ] && break; sleep 0.1; done",
                    "shift 3",
                    "\"$@\" &",
                    "serve=$!",
                    // SIGTERM stops serve (which removes its files) and then avahi-daemon; nothing outlives the test
                    "trap 'kill -TERM $serve; wait $serve; kill -TERM $avahi; wait $avahi; exit 0' TERM",
                    "wait $serve",
                    "kill -TERM $avahi; wait $avahi"),
                    "avahi-lab", services.toString(), run.toString(), avahiConfig.toString()));
            command.addAll(NetLab.edgecamCommand("serve", "--config", config.toString()));
            Path log = dir.resolve("server.log");
            Process server = lab.start(a, command, log);
            MdnsLab.awaitLog(server, log, "mDNS: wrote /etc/avahi/services/edgecam-yard.service", 1,
                    Duration.ofSeconds(60));
            assertThat(Files.readString(log)).contains("advertised by Avahi service files in /etc/avahi/services")
                    .doesNotContain("jmdns");
            assertThat(services.resolve("edgecam-door.service")).exists();

            List<JsonNode> found = MdnsLab.awaitServices(lab, b, script, 4);
            String host = found.get(0).get("properties").get("server").asText();
            assertThat(MdnsLab.names(found)).containsExactly(
                    "edgecam door on " + host + "._http._tcp.local.", "edgecam door on " + host + "._rtsp._tcp.local.",
                    "edgecam yard on " + host + "._http._tcp.local.", "edgecam yard on " + host + "._rtsp._tcp.local.");
            for (JsonNode service : found) {
                assertThat(service.get("addresses").toString()).contains("\"" + a.address() + "\"");
                assertThat(service.get("properties").get("product").asText()).isEqualTo("edgecam");
            }
            NetLab.Result discover = lab.run(b, Duration.ofSeconds(60), NetLab.edgecamCommand("discover", "--timeout",
                    "3s").toArray(String[]::new));
            assertThat(discover.output()).contains("door@" + host, "yard@" + host,
                    "  mjpeg     http://" + a.address() + ":" + MdnsLab.HTTP_PORT + "/cam/door/stream");

            MdnsLab.rewrite(config, MdnsLab.config(a, "auto", "door"));
            MdnsLab.awaitLog(server, log, "mDNS: removed /etc/avahi/services/edgecam-yard.service", 1,
                    Duration.ofSeconds(30));
            assertThat(MdnsLab.names(MdnsLab.awaitServices(lab, b, script, 2))).containsExactly(
                    "edgecam door on " + host + "._http._tcp.local.", "edgecam door on " + host + "._rtsp._tcp.local.");

            server.destroy(); // SIGTERM to the shell: serve stops and takes its files away, then avahi-daemon stops
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (var left = Files.list(services)) {
                assertThat(left).as("service files after serve stopped").isEmpty();
            }
        }
    }
}
