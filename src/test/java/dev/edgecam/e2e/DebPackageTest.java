package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.config.ConfigFile;
import dev.edgecam.config.ServeSetup;
import dev.edgecam.source.SourceSpec;
import dev.edgecam.testing.H264TestStream;
import dev.edgecam.testing.ToolRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as {@code mvn -Pdeb} writes it (README, "Install on a Raspberry Pi"): built once for amd64 in a
 * copy of the project (so it never races this build's target/), unpacked with {@code dpkg-deb -x}, and its launcher
 * started from the unpacked tree. Debian's own tools judge it: dpkg-deb, systemd-analyze and lintian.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebPackageTest {

    /** The unit's command, which the test runs with its own ports instead (the default config's are fixed). */
    private static final String EXEC_START = "ExecStart=/usr/bin/edgecam serve --config /etc/edgecam/edgecam.yml";

    @TempDir
    static Path work;

    private static Path deb;
    private static Path root;

    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    static void buildAndUnpackTheAmd64Package() throws Exception {
        Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path copy = work.resolve("project");
        for (String part : List.of("pom.xml", "README.md", "src/main", "src/deb")) {
            copyTree(project.resolve(part), copy.resolve(part));
        }
        List<String> mvn = new ArrayList<>(List.of("mvn", "-q", "-B", "-f", copy.resolve("pom.xml").toString(),
                "-Pdeb", "-Ddeb.arm64.skip=true", "-Dmaven.test.skip=true", "package"));
        if (System.getenv("CI") == null) {
            mvn.add(1, "-o"); // a developer's machine has every artifact already; CI may have to fetch jdeb
        }
        ToolRun build = ToolRun.run(240, mvn.toArray(String[]::new));
        assertThat(build.exitCode()).as("mvn -Pdeb package:\n%s", build.output()).isZero();
        try (Stream<Path> debs = Files.list(copy.resolve("target"))) {
            List<Path> amd64 = debs.filter(p -> p.getFileName().toString().matches("edgecam_.+_amd64\\.deb")).toList();
            assertThat(amd64).as("target/edgecam_VERSION_amd64.deb").hasSize(1);
            deb = amd64.get(0);
        }
        root = work.resolve("root");
        requireOk(tool(60, "dpkg-deb", "-x", deb.toString(), root.toString()));
    }

    @Test
    void controlNamesTheArchitectureJavaAndTheLibrariesTheNativesNeed() throws Exception {
        String depends = requireOk(tool(30, "dpkg-deb", "-f", deb.toString(), "Depends")).output().strip();
        String architecture = requireOk(tool(30, "dpkg-deb", "-f", deb.toString(), "Architecture")).output().strip();
        String conffiles = requireOk(tool(30, "dpkg-deb", "-I", deb.toString(), "conffiles")).output();

        assertThat(architecture).isEqualTo("amd64");
        assertThat(depends).startsWith("openjdk-17-jre-headless | java17-runtime-headless")
                .contains("adduser", "libxcb1", "libxcb-shm0", "libpulse0", "libasound2t64 | libasound2");
        assertThat(conffiles.lines()).as("an upgrade keeps the admin's config").contains("/etc/edgecam/edgecam.yml");
    }

    @Test
    void packageHoldsTheJarTheLauncherAndADefaultConfigThatServesTheFirstCamera() throws Exception {
        assertThat(root.resolve("usr/share/edgecam/edgecam.jar")).isRegularFile();
        assertThat(Files.isExecutable(root.resolve("usr/bin/edgecam"))).as("usr/bin/edgecam is executable").isTrue();

        ServeSetup setup = ConfigFile.load(root.resolve("etc/edgecam/edgecam.yml"));

        assertThat(setup.firstCamera().source()).isEqualTo(SourceSpec.auto());
        assertThat(setup.server().httpPort()).isEqualTo(8080);
    }

    @Test
    void unitPassesSystemdAnalyzeVerifyAndIsHardened() throws Exception {
        Path unit = root.resolve("usr/lib/systemd/system/edgecam.service");
        String text = Files.readString(unit);
        assertThat(text.lines()).contains(EXEC_START, "User=edgecam", "Restart=on-failure",
                "RestartPreventExitStatus=78", "StateDirectory=edgecam", "CacheDirectory=edgecam",
                "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "DeviceAllow=char-video4linux rw",
                "DeviceAllow=char-drm rw");

        // systemd-analyze checks that ExecStart's program exists: point it at the unpacked launcher, nothing else.
        Path checked = Files.createDirectories(work.resolve("verify")).resolve("edgecam.service");
        Files.writeString(checked, text.replace(EXEC_START,
                "ExecStart=" + root.resolve("usr/bin/edgecam") + " serve --config /etc/edgecam/edgecam.yml"));
        ToolRun verify = tool(60, "systemd-analyze", "verify", checked.toString());

        assertThat(verify.exitCode()).as("systemd-analyze verify:\n%s", verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify says nothing about a good unit").isBlank();
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        // Errors only: each lintian release adds warnings, and CI's may be newer than the one these were checked with
        // (none on lintian 2.116, Debian 12; the override in src/deb says why).
        ToolRun lintian = tool(90, "lintian", "--fail-on", "error", deb.toString());

        assertThat(lintian.exitCode()).as("lintian:\n%s", lintian.output()).isZero();
        assertThat(lintian.output()).doesNotContain("E: edgecam");
    }

    @Test
    void packagedLauncherServesTheTestPatternWithNativesInTheServiceCache() throws Exception {
        int httpPort = freePort();
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path log = work.resolve("serve.log");
        ProcessBuilder serve = new ProcessBuilder(root.resolve("usr/bin/edgecam").toString(), "serve",
                "--source", "test", "--size", "320x240", "--fps", "10", "--host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--port", "0", "--rtsp-port", "0", "--status-interval", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        serve.environment().put("CACHE_DIRECTORY", cache.toString()); // what systemd's CacheDirectory= exports
        Process process = serve.start();
        try {
            byte[] jpeg = snapshot(httpPort, process, log);
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(jpeg));

            assertThat(picture).as("a JPEG from /snapshot").isNotNull();
            assertThat(picture.getWidth()).isEqualTo(320);
            assertThat(picture.getHeight()).isEqualTo(240);
            try (Stream<Path> cached = Files.walk(cache)) {
                assertThat(cached.anyMatch(p -> p.getFileName().toString().startsWith("libopencv_core")))
                        .as("JavaCPP unpacked OpenCV into CACHE_DIRECTORY, not a home folder").isTrue();
            }
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void packagedLauncherExits78OnABadConfigSoSystemdDoesNotRestartIt() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.yml"), "cameras:\n  - source: test\n    quality: high\n");

        ToolRun serve = tool(60, root.resolve("usr/bin/edgecam").toString(), "serve", "--config", bad.toString());

        assertThat(serve.exitCode()).as(serve.output()).isEqualTo(78);
        assertThat(serve.output()).contains("bad.yml:3: cameras[0].quality");
    }

    /** Polls /snapshot until it answers 200 (the server is starting), for at most 60 s. */
    private static byte[] snapshot(int port, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/snapshot"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int attempt = 0; attempt < 600 && System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("usr/bin/edgecam serve ended with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no snapshot within 60 s; the server's output:\n" + Files.readString(log));
    }

    /** Runs a Debian tool; one missing skips the test locally and fails it in CI (.ci/run installs them). */
    private static ToolRun tool(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        if (!command[0].startsWith("/") && !onPath(command[0])) {
            H264TestStream.skipLocallyFailInCi(command[0] + " is not installed (Debian's "
                    + ("lintian".equals(command[0]) ? "lintian" : "dpkg or systemd") + " package; .ci/run installs it)");
        }
        return ToolRun.run(timeoutSeconds, command);
    }

    private static ToolRun requireOk(ToolRun run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
