package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.NetLab.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The net lab does what later tests rely on: unicast and multicast UDP cross its bridge, an nftables rule drops
 * about the share asked, an edgecam JVM runs inside a host, and nothing is left behind. Sender and receivers are
 * Debian's Python (nobody here wrote its socket stack), so a failure is the lab's, not edgecam's.
 */
@Timeout(120)
class NetLabTest {

    private static final String PYTHON = "/usr/bin/python3";
    /** Receives on a port (joining a group when one is given) until 2 s of silence; prints "ready", then the count. */
    private static final String RECEIVER = String.join("\n",
            "import socket, struct, sys, time",
            "port = int(sys.argv[1]); group = sys.argv[2] if len(sys.argv) > 2 else ''",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('', port))",
            "if group:",
            "    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,",
            "                 struct.pack('4s4s', socket.inet_aton(group), socket.inet_aton('0.0.0.0')))",
            "print('ready', flush=True)",
            "s.settimeout(10); n = 0; end = time.time() + 30",
            "while time.time() < end:",
            "    try:",
            "        s.recv(2048); n += 1; s.settimeout(2)",
            "    except socket.timeout:",
            "        break",
            "print('received', n, flush=True)");
    /** Sends COUNT datagrams to ADDRESS:PORT, 2 ms apart (multicast with TTL 1: the lab is one link). */
    private static final String SENDER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)",
            "for i in range(int(sys.argv[3])):",
            "    s.sendto(b'datagram %d' % i, (sys.argv[1], int(sys.argv[2]))); time.sleep(0.002)");
    /**
     * Sends COUNT runs of 10 datagrams of 100 bytes to ADDRESS:PORT, each run ONE send with UDP segmentation offload
     * ({@code UDP_SEGMENT}, 103), as edgecam's RTP socket sends a frame's packets.
     */
    private static final String SEGMENTED_SENDER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_UDP, 103, 100)",
            "for i in range(int(sys.argv[3])):",
            "    s.sendto(bytes(1000), (sys.argv[1], int(sys.argv[2]))); time.sleep(0.002)");
    private static final Pattern RECEIVED = Pattern.compile("received (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aUnicastDatagramFromOneHostReachesAnother() throws Exception {
        try (NetLab lab = NetLab.create(2, 77)) {
            Receiver b = receive(lab, lab.host(1), 5004, null);
            send(lab, lab.host(0), lab.host(1).address(), 5004, 5);
            assertThat(b.count()).isEqualTo(5);
        }
    }

    @Test
    void aMulticastDatagramReachesEveryHostThatJoined() throws Exception {
        try (NetLab lab = NetLab.create(3, 78)) {
            Receiver b = receive(lab, lab.host(1), 5006, "239.7.7.7");
            Receiver c = receive(lab, lab.host(2), 5006, "239.7.7.7");
            send(lab, lab.host(0), "239.7.7.7", 5006, 5);
            assertThat(b.count()).isEqualTo(5);
            assertThat(c.count()).isEqualTo(5);
        }
    }

    @Test
    void aFiftyPercentDropRuleDropsAboutHalf() throws Exception {
        try (NetLab lab = NetLab.create(2, 79)) {
            lab.dropUdp(lab.host(1), 5008, 50);
            Receiver b = receive(lab, lab.host(1), 5008, null);
            send(lab, lab.host(0), lab.host(1).address(), 5008, 200);
            // Binomial(200, 0.5): 100 ± 7; 60..140 is more than five standard deviations either way.
            assertThat(b.count()).isBetween(60, 140);
            Receiver other = receive(lab, lab.host(1), 5010, null);
            send(lab, lab.host(0), lab.host(1).address(), 5010, 20);
            assertThat(other.count()).as("other ports keep every datagram").isEqualTo(20);
        }
    }

    @Test
    void aDropRuleSeesEachPacketOfASegmentedSendAsARealLinkWouldCarryIt() throws Exception {
        try (NetLab lab = NetLab.create(2, 82)) {
            lab.dropUdp(lab.host(1), 5012, 100);
            NetLab.Result sent = lab.run(lab.host(0), Duration.ofSeconds(30), PYTHON, "-c", SEGMENTED_SENDER,
                    lab.host(1).address(), "5012", "10");
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            // A veth passes a segmented send whole (one 1028-byte packet to nftables); the lab's hosts cut it up as
            // they send, as a network card does, so a loss rule drops packets, not whole runs of them.
            assertThat(lab.udpDropped(lab.host(1))).as("packets the rule dropped: 10 sends of 10 packets")
                    .isEqualTo(100);
        }
    }

    @Test
    void anEdgecamJvmRunsInsideAHost() throws Exception {
        try (NetLab lab = NetLab.create(1, 80)) {
            NetLab.Result version = lab.run(lab.host(0), Duration.ofSeconds(60),
                    NetLab.edgecamCommand("--version").toArray(String[]::new));
            assertThat(version.exitCode()).as(version.output()).isZero();
            NetLab.Result address = lab.run(lab.host(0), Duration.ofSeconds(10), "ip", "-4", "addr", "show", "eth0");
            assertThat(address.output()).contains("10.80.0.1/24");
        }
    }

    @Test
    void closingLeavesNoNamespacesAndLeftoversOfDeadRunsAreRemoved() throws Exception {
        List<String> made = new ArrayList<>();
        try (NetLab lab = NetLab.create(2, 81)) {
            lab.start(lab.host(0), List.of("sleep", "60"), dir.resolve("sleep.log"));
            // This lab's own: another test run on the machine may have a lab of its own open meanwhile.
            String ours = lab.host(0).namespace().substring(0, lab.host(0).namespace().length() - "h0".length());
            made.addAll(NetLab.existingNamespaces().stream().filter(name -> name.startsWith(ours)).toList());
            assertThat(made).contains(lab.host(0).namespace(), lab.host(1).namespace());
        }
        assertThat(NetLab.existingNamespaces()).as("closed, with a process still running in a host")
                .doesNotContainAnyElementsOf(made);

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        String leftover = NetLab.PREFIX + gone.pid() + "-1-h0";
        assertThat(new ProcessBuilder("ip", "netns", "add", leftover).start().waitFor()).isZero();
        NetLab.removeLeftovers();
        assertThat(NetLab.existingNamespaces()).doesNotContain(leftover);
    }

    /** A receiver running in a host; {@link #count} waits for it to finish. */
    private record Receiver(Process process, Path log) {
        int count() throws IOException, InterruptedException {
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("receiver finished").isTrue();
            Matcher m = RECEIVED.matcher(Files.readString(log));
            assertThat(m.find()).as("receiver output: " + Files.readString(log)).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }

    private Receiver receive(NetLab lab, Host host, int port, String group) throws Exception {
        Path log = dir.resolve("receiver-" + host.namespace() + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", RECEIVER, String.valueOf(port)));
        if (group != null) {
            command.add(group);
        }
        Process process = lab.start(host, command, log);
        for (int i = 0; i < 200 && !Files.readString(log).contains("ready"); i++) {
            assertThat(process.isAlive()).as("receiver alive: " + Files.readString(log)).isTrue();
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).as("receiver ready within 10 s").contains("ready");
        return new Receiver(process, log);
    }

    private static void send(NetLab lab, Host from, String address, int port, int count) throws Exception {
        NetLab.Result sent = lab.run(from, Duration.ofSeconds(30), PYTHON, "-c", SENDER, address,
                String.valueOf(port), String.valueOf(count));
        assertThat(sent.exitCode()).as(sent.output()).isZero();
    }
}
