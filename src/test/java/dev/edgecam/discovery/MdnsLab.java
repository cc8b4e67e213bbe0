package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgecam.testing.NetLab;
import dev.edgecam.testing.NetLab.Host;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the mDNS lab tests share: python3-zeroconf (Debian's, a browser nobody here wrote) browsing from a host of a
 * {@link NetLab}, edgecam's config files for a server in another host, and waiting for its log.
 */
final class MdnsLab {

    static final String PYTHON = "/usr/bin/python3";
    static final int HTTP_PORT = 8080;
    static final int RTSP_PORT = 8554;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MdnsLab() {
    }

    /** Skips the test locally, and fails it in CI, when {@code tool} is missing; {@code why} says what installs it. */
    static void require(boolean present, String why) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(why);
        }
        Assumptions.assumeTrue(present, why);
    }

    static void requireZeroconf() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON, "-c", "import zeroconf").redirectErrorStream(true).start();
        boolean present = check.waitFor() == 0;
        require(present, "the mDNS tests browse with Debian's python3-zeroconf (apt-get install python3-zeroconf; "
                + ".ci/run installs it)");
    }

    /** The browse script, copied out of the test resources so the child Python can run it. */
    static Path browseScript(Path dir) throws IOException {
        Path script = dir.resolve("zeroconf_browse.py");
        try (InputStream in = MdnsLab.class.getResourceAsStream("zeroconf_browse.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** The {@code _http._tcp} and {@code _rtsp._tcp} services python3-zeroconf resolves from {@code host} in 4 s. */
    static List<JsonNode> zeroconfBrowse(NetLab lab, Host host, Path script) throws Exception {
        NetLab.Result result = lab.run(host, Duration.ofSeconds(30), PYTHON, script.toString(), host.address(), "4",
                "_http._tcp.local.", "_rtsp._tcp.local.");
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<JsonNode> services = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("{")) {
                services.add(JSON.readTree(line));
            }
        }
        return services;
    }

    /** Browses until exactly {@code count} services answer (a new service is probed and announced within a second or two). */
    static List<JsonNode> awaitServices(NetLab lab, Host from, Path script, int count) throws Exception {
        List<JsonNode> services = List.of();
        for (int attempt = 0; attempt < 3 && services.size() != count; attempt++) {
            services = zeroconfBrowse(lab, from, script);
        }
        assertThat(services).hasSize(count);
        return services;
    }

    /** The instance names among {@code services}, each with its type: {@code edgecam door on pi._http._tcp.local.}. */
    static List<String> names(List<JsonNode> services) {
        return services.stream().map(service -> service.get("name").asText()).sorted().toList();
    }

    /** A config of cameras {@code ids} (the test pattern, small and slow) served on {@code host}'s address. */
    static String config(Host host, String mdns, String... ids) {
        StringBuilder yaml = new StringBuilder("host: " + host.address() + "\nhttp_port: " + HTTP_PORT + "\nrtsp_port: "
                + RTSP_PORT + "\nstatus_interval: 0\nmdns: " + mdns + "\ncameras:\n");
        for (String id : ids) {
            yaml.append("  - id: ").append(id).append("\n    source: test\n    size: 320x240\n    fps: 5\n");
        }
        return yaml.toString();
    }

    /** Replaces the config file as an editor saves it (a new file renamed over the old one). */
    static void rewrite(Path config, String yaml) throws IOException {
        Path next = config.resolveSibling(config.getFileName() + ".new");
        Files.writeString(next, yaml);
        Files.move(next, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code log} holds {@code text} at least {@code count} times; fails when the process ends first. */
    static void awaitLog(Process process, Path log, String text, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (occurrences(Files.readString(log), text) < count && System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the server still runs; its log:\n" + Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        assertThat(occurrences(Files.readString(log), text)).as("'" + text + "' in the log:\n" + Files.readString(log))
                .isGreaterThanOrEqualTo(count);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
