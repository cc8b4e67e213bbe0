package dev.edgecam.transport.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import dev.edgecam.testing.PageScripts;
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
 * WS-Discovery on a LAN of namespaces (loopback has no multicast): edgecam serves in host A (a child JVM), and in
 * host B the npm {@code onvif} package's {@code Discovery.probe} (a client nobody here wrote) multicasts a Probe to
 * 239.255.255.250:3702, gets edgecam's ProbeMatch, and connects to the XAddrs it names. A socket joined to the group
 * in host C hears edgecam's Hello when it starts and its Bye when it stops. Skipped only where namespaces cannot be
 * made (not root, no iproute2), never under {@code CI=true} ({@link NetLab#create}).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class WsDiscoveryLabTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int HTTP_PORT = 8080;
    /** Joins the WS-Discovery group on eth0 and prints each datagram's action and sender, until killed or 60 s. */
    private static final String LISTENER = String.join("\n",
            "import socket, struct, re, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('239.255.255.250', 3702))",
            "s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,",
            "             struct.pack('4s4s', socket.inet_aton('239.255.255.250'), socket.inet_aton('0.0.0.0')))",
            "print('ready', flush=True)",
            "s.settimeout(60); end = time.time() + 60",
            "while time.time() < end:",
            "    data, sender = s.recvfrom(65535)",
            "    action = re.search(rb'discovery/(Hello|Bye|Probe)<', data)",
            "    xaddrs = re.search(rb'XAddrs>([^<]*)<', data)",
            "    print(action.group(1).decode() if action else 'other', sender[0],",
            "          xaddrs.group(1).decode() if xaddrs else '-', flush=True)");

    /**
     * Sends one Probe to the group (IPv4 239.255.255.250 or IPv6 ff02::c, on eth0), then for 2 s counts the answers;
     * prints the first one's sender and XAddrs, whether it relates to the probe, and the count.
     */
    private static final String PROBE = String.join("\n",
            "import socket, re, sys, time",
            "family, probe = sys.argv[1], sys.argv[2].encode()",
            "index = socket.if_nametoindex('eth0')",
            "if family == '6':",
            "    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
            "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)",
            "    s.sendto(probe, ('ff02::c', 3702, 0, index))",
            "else:",
            "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "    s.sendto(probe, ('239.255.255.250', 3702))",
            "answers = []; end = time.time() + 2",
            "while time.time() < end:",
            "    s.settimeout(max(0.01, end - time.time()))",
            "    try:",
            "        answers.append(s.recvfrom(65535))",
            "    except socket.timeout:",
            "        break",
            "data, sender = answers[0]",
            "print('MATCH', sender[0], re.search(rb'XAddrs>([^<]*)<', data).group(1).decode(),",
            "      'RelatesTo' if b'urn:uuid:probe-v6' in data else 'unrelated', 'answers', len(answers), flush=True)");

    @TempDir
    Path dir;

    @Test
    void anOnvifClientInAnotherHostFindsTheCameraAndConnectsToIt() throws Exception {
        PageScripts.requireNodePackage("onvif");
        try (NetLab lab = NetLab.create(3, 93)) {
            Host a = lab.host(0);
            Path listenLog = dir.resolve("listener.log");
            Process listener = lab.start(lab.host(2), List.of(PYTHON, "-c", LISTENER), listenLog);
            awaitLine(listener, listenLog, "ready");

            Process server = serve(lab, a, "--host", "0.0.0.0", "--auth", "nvr:s3cret");
            String deviceService = "http://" + a.address() + ":" + HTTP_PORT + "/onvif/device_service";
            awaitLine(listener, listenLog, "Hello " + a.address() + " " + deviceService);

            Path script = PageScripts.SCRIPT_DIR.resolve("onvif-discover.mjs").toAbsolutePath();
            NetLab.Result probe = lab.run(lab.host(1), Duration.ofSeconds(40), "node", script.toString(), "eth0", "3000",
                    "nvr", "s3cret");
            String json = probe.output().lines().filter(line -> line.startsWith("{")).reduce((x, y) -> y).orElse("{}");
            JsonNode result = new ObjectMapper().readTree(json);
            assertThat(result.path("ok").asBoolean()).as(probe.output() + log()).isTrue();
            assertThat(result.path("devices")).as("edgecam alone answers in this lab").hasSize(1);
            JsonNode found = result.path("devices").get(0);
            assertThat(found.path("xaddrs").get(0).asText()).as("XAddrs name the address the probe reached")
                    .isEqualTo(deviceService);
            assertThat(found.path("endpoint").asText()).startsWith("urn:uuid:");
            assertThat(found.path("types").asText()).contains("NetworkVideoTransmitter");
            List<String> scopes = new ArrayList<>();
            found.path("scopes").forEach(scope -> scopes.add(scope.asText()));
            assertThat(scopes).contains("onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming")
                    .anyMatch(scope -> scope.startsWith("onvif://www.onvif.org/name/"))
                    .anyMatch(scope -> scope.startsWith("onvif://www.onvif.org/hardware/"));
            assertThat(found.path("manufacturer").asText()).as("connected with the login").isEqualTo("edgecam");

            NetLab.Result v4 = lab.run(lab.host(1), Duration.ofSeconds(20), PYTHON, "-c", PROBE, "4", Probes.PROBE);
            assertThat(v4.output()).as("one answer to one IPv4 probe" + log())
                    .contains("MATCH " + a.address() + " " + deviceService + " RelatesTo answers 1");
            NetLab.Result v6 = lab.run(lab.host(1), Duration.ofSeconds(20), PYTHON, "-c", PROBE, "6", Probes.PROBE);
            assertThat(v6.output()).as("one answer to an IPv6 probe to ff02::c, from the link-local address" + log())
                    .containsPattern("MATCH fe80::[0-9a-f:]+%?\\S* http://\\[fe80::[0-9a-f:]+\\]:" + HTTP_PORT
                            + "/onvif/device_service RelatesTo answers 1");

            server.destroy(); // SIGTERM: the server closes its stages, the responder says Bye
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            awaitLine(listener, listenLog, "Bye " + a.address());
            assertThat(Files.readString(listenLog)).as("the probe came from B, answers went to B only, not the group")
                    .doesNotContain("other");
        }
    }

    /** A Probe as ONVIF clients send it, with MessageID urn:uuid:probe-v6. */
    private static final class Probes {
        static final String PROBE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope"
                + " xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
                + " xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"><s:Header>"
                + "<a:MessageID>urn:uuid:probe-v6</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
                + "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>"
                + "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>";
    }

    private Process serve(NetLab lab, Host host, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--source", "test", "--size", "320x240", "--fps", "10",
                "--http-port", String.valueOf(HTTP_PORT), "--rtsp-port", "8554", "--status-interval", "0"));
        args.addAll(List.of(more));
        Path log = dir.resolve("edgecam.log");
        Process server = lab.start(host, NetLab.edgecamCommand(args.toArray(String[]::new)), log);
        awaitLine(server, log, "ONVIF: answering WS-Discovery");
        return server;
    }

    private String log() throws Exception {
        return "\n--- edgecam ---\n" + Files.readString(dir.resolve("edgecam.log"));
    }

    private static void awaitLine(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(line) && System.nanoTime() < deadline) {
            assertThat(process.isAlive() || Files.readString(log).contains(line)).as("still running: "
                    + Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        assertThat(Files.readString(log)).as("'" + line + "' within 60 s").contains(line);
    }
}
