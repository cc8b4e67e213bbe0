package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * edgecam answering mDNS itself ({@code mdns: jmdns}) on a LAN of two namespaces: the server in host A (a child JVM
 * bound to A's address, so nothing leaves the lab), and in host B python3-zeroconf (Debian's, nobody here wrote it)
 * resolving both services of each camera with their TXT, {@code edgecam discover} listing them, {@code snapshot},
 * {@code record} and {@code bench} reaching a camera by its name (ffprobe reads the recording), an unknown name listing what answered,
 * and a config reload withdrawing the removed camera and announcing the added one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MdnsLabTest {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void camerasAreFoundNamedAndFollowedThroughAReload() throws Exception {
        MdnsLab.requireZeroconf();
        try (NetLab lab = NetLab.create(2, 115)) {
            Host a = lab.host(0);
            Host b = lab.host(1);
            Path script = MdnsLab.browseScript(dir);
            Path config = dir.resolve("edgecam.yml");
            Files.writeString(config, MdnsLab.config(a, "jmdns", "door", "yard"));
            Path log = dir.resolve("server.log");
            Process server = lab.start(a, NetLab.edgecamCommand("serve", "--config", config.toString()), log);
            MdnsLab.awaitLog(server, log, "mDNS: announced 'edgecam yard on ", 1, Duration.ofSeconds(60));
            assertThat(Files.readString(log)).contains("advertised by jmdns on " + a.address());

            List<JsonNode> services = MdnsLab.awaitServices(lab, b, script, 4);
            String host = services.get(0).get("properties").get("server").asText();
            assertThat(MdnsLab.names(services)).containsExactly(
                    "edgecam door on " + host + "._http._tcp.local.", "edgecam door on " + host + "._rtsp._tcp.local.",
                    "edgecam yard on " + host + "._http._tcp.local.", "edgecam yard on " + host + "._rtsp._tcp.local.");
            for (JsonNode service : services) {
                assertThat(service.get("addresses").toString()).isEqualTo("[\"" + a.address() + "\"]");
                JsonNode txt = service.get("properties");
                String id = txt.get("id").asText();
                boolean http = service.get("type").asText().equals("_http._tcp.local.");
                assertThat(service.get("port").asInt()).isEqualTo(http ? MdnsLab.HTTP_PORT : MdnsLab.RTSP_PORT);
                assertThat(txt.get("path").asText()).isEqualTo(http ? "/" : "/" + id);
                assertThat(txt.get("mjpeg").asText()).isEqualTo("/cam/" + id + "/stream");
                assertThat(txt.get("snapshot").asText()).isEqualTo("/cam/" + id + "/snapshot");
                assertThat(txt.get("rtsp").asText()).isEqualTo("/" + id);
                assertThat(txt.get("product").asText()).isEqualTo("edgecam");
            }

            NetLab.Result discover = lab.run(b, COMMAND, NetLab.edgecamCommand("discover", "--timeout", "3s")
                    .toArray(String[]::new));
            assertThat(discover.exitCode()).as(discover.output()).isZero();
            String base = "http://" + a.address() + ":" + MdnsLab.HTTP_PORT;
            assertThat(discover.output()).contains("door@" + host + "  (camera door of " + host + " at " + a.address(),
                    "  page      " + base + "/\n", "  mjpeg     " + base + "/cam/door/stream\n",
                    "  snapshot  " + base + "/cam/yard/snapshot\n",
                    "  rtsp      rtsp://" + a.address() + ":" + MdnsLab.RTSP_PORT + "/yard\n",
                    "2 camera(s) on 1 server(s) answered within 3s");

            Path picture = dir.resolve("door.jpg");
            NetLab.Result snapshot = lab.run(b, COMMAND, NetLab.edgecamCommand("snapshot", "door@" + host, "-o",
                    picture.toString()).toArray(String[]::new));
            assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
            byte[] jpeg = Files.readAllBytes(picture);
            assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
            assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);

            Path clip = dir.resolve("yard.mkv");
            NetLab.Result record = lab.run(b, COMMAND, NetLab.edgecamCommand("record", "yard", "--frames", "5", "-o",
                    clip.toString()).toArray(String[]::new));
            assertThat(record.exitCode()).as(record.output()).isZero();
            NetLab.Result probe = lab.run(b, COMMAND, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                    "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", clip.toString());
            assertThat(probe.output().strip()).as("ffprobe reads the recording made by name").isEqualTo("mjpeg,320,240,5");

            NetLab.Result bench = lab.run(b, COMMAND, NetLab.edgecamCommand("bench", "door@" + host, "--duration", "1s",
                    "--warmup", "0s", "--json").toArray(String[]::new));
            assertThat(bench.exitCode()).as(bench.output()).isZero();
            assertThat(bench.output()).contains(base + "/cam/door/stream");

            NetLab.Result unknown = lab.run(b, COMMAND, NetLab.edgecamCommand("snapshot", "porch", "-o",
                    dir.resolve("none.jpg").toString()).toArray(String[]::new));
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.output()).contains("no camera named 'porch' on the LAN (found door@" + host + " ("
                    + base + "/cam/door/stream), yard@" + host + " (" + base + "/cam/yard/stream))");
            assertThat(dir.resolve("none.jpg")).doesNotExist();

            MdnsLab.rewrite(config, MdnsLab.config(a, "jmdns", "door", "porch"));
            MdnsLab.awaitLog(server, log, "mDNS: announced 'edgecam porch on ", 1, Duration.ofSeconds(30));
            MdnsLab.awaitLog(server, log, "mDNS: withdrew 'edgecam yard on ", 1, Duration.ofSeconds(30));
            assertThat(MdnsLab.names(MdnsLab.awaitServices(lab, b, script, 4))).containsExactly(
                    "edgecam door on " + host + "._http._tcp.local.", "edgecam door on " + host + "._rtsp._tcp.local.",
                    "edgecam porch on " + host + "._http._tcp.local.", "edgecam porch on " + host + "._rtsp._tcp.local.");
        }
    }
}
