package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multicast on a LAN of namespaces: edgecam serves in host A ({@code --host 10.91.0.1 --multicast
 * 239.255.77.1:5008}, a child JVM), FFmpeg plays
 * {@code rtsp://…/cam0} with {@code -rtsp_transport udp_multicast} in host B and GStreamer's rtspsrc with
 * {@code protocols=udp-mcast} (an RTSP stack of its own) in host C at once, and both decode every frame; both are in /state with the reception their RTCP receiver reports give;
 * a plain socket joined to the group in B sees ONE stream on the wire meanwhile (one SSRC, no sequence number twice),
 * so two viewers cost the server one stream.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RtspMulticastLabTest {

    /**
     * Joins GROUP:PORT, waits for the first packet from SERVER, then for 3 s counts SERVER's RTP packets and their
     * distinct sequence numbers and SSRCs (clients' own datagrams to the group, such as FFmpeg's hole-punching
     * packets, are not the server's stream).
     */
    static final String SNIFFER = String.join("\n",
            "import socket, struct, sys, time",
            "group, port, server = sys.argv[1], int(sys.argv[2]), sys.argv[3]",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((group, port))",
            "s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,",
            "             struct.pack('4s4s', socket.inet_aton(group), socket.inet_aton('0.0.0.0')))",
            "print('ready', flush=True)",
            "s.settimeout(60); seen = set(); ssrcs = set(); n = 0; end = None",
            "while end is None or time.time() < end:",
            "    try:",
            "        data, sender = s.recvfrom(2048)",
            "    except socket.timeout:",
            "        break",
            "    if sender[0] != server or len(data) < 12:",
            "        continue",
            "    if end is None:",
            "        end = time.time() + 3; s.settimeout(1)",
            "    ssrcs.add(struct.unpack('!I', data[8:12])[0]); seen.add(struct.unpack('!H', data[2:4])[0]); n += 1",
            "print('packets', n, 'distinct', len(seen), 'ssrcs', len(ssrcs), flush=True)");

    /** 240 frames: 16 s at 15 fps, long enough for FFmpeg's first receiver report (after several seconds). */
    private static final int FRAMES = 240;

    @TempDir
    Path dir;

    @Test
    void twoReceiversInTwoHostsDecodeOneMulticastStream() throws Exception {
        try (NetLab lab = NetLab.create(3, 91)) {
            Host a = lab.host(0);
            InetSocketAddress group = new InetSocketAddress("239.255.77.1", 5008);
            Process server = RtspLab.serve(lab, a, dir, "--multicast", "239.255.77.1:5008");
            String groupAddress = group.getAddress().getHostAddress();
            Path sniffLog = dir.resolve("sniffer.log");
            Process sniffer = lab.start(lab.host(1), List.of(RtspLab.PYTHON, "-c", SNIFFER, groupAddress,
                    String.valueOf(group.getPort()), a.address()), sniffLog);
            RtspLab.awaitLine(sniffer, sniffLog, "ready", Duration.ofSeconds(10));

            String url = "rtsp://" + a.address() + ":" + RtspLab.RTSP_PORT + "/cam0";
            Path logB = dir.resolve("ffmpeg-b.log");
            Path logC = dir.resolve("ffmpeg-c.log");
            Process b = lab.start(lab.host(1), RtspLab.ffmpegFrames("udp_multicast", url, FRAMES), logB);
            Process c = lab.start(lab.host(2), List.of("timeout", "50", "gst-launch-1.0", "-q", "rtspsrc",
                    "location=" + url, "protocols=udp-mcast", "latency=100", "!", "rtph264depay", "!", "avdec_h264",
                    "!", "fakesink", "num-buffers=" + FRAMES), logC);

            // Their receiver reports go to the group's RTCP port; the server reads them into each one's /state entry.
            int reporting = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            while (reporting < 2 && b.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                reporting = RtspLab.receptions(lab, lab.host(1), a).size();
            }
            assertThat(reporting).as("multicast viewers with RTCP reception in /state").isEqualTo(2);

            for (Process process : List.of(b, c)) {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
            }
            String outB = Files.readString(logB);
            String outC = Files.readString(logC);
            assertThat(b.exitValue()).as(outB + RtspLab.tail(server, dir)).isZero();
            assertThat(c.exitValue()).as(outC + RtspLab.tail(server, dir)).isZero();
            assertThat(RtspLab.decodedFrames(outB)).as(outB).isEqualTo(FRAMES);
            assertThat(RtspLab.errors(outB)).as("decode errors in B").isEmpty();
            assertThat(outC).as("GStreamer decoded every frame (exit 0) without errors").doesNotContainIgnoringCase("error");

            assertThat(sniffer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String sniffed = Files.readString(sniffLog);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("packets (\\d+) distinct (\\d+) ssrcs (\\d+)").matcher(sniffed);
            assertThat(m.find()).as(sniffed).isTrue();
            int packets = Integer.parseInt(m.group(1));
            assertThat(packets).as("packets in 3 s").isGreaterThan(20);
            assertThat(Integer.parseInt(m.group(3))).as("one SSRC on the group").isEqualTo(1);
            assertThat(Integer.parseInt(m.group(2))).as("no packet sent twice: one stream for two viewers")
                    .isEqualTo(packets);
            String log = Files.readString(dir.resolve("edgecam.log"));
            assertThat(log).contains("multicast to " + groupAddress + ":" + group.getPort() + " (ttl 1, from /"
                    + a.address());
        }
    }
}
