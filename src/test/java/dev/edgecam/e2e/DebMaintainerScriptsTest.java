package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's maintainer scripts (src/deb/control) run for real with sh, with adduser, getent, setfacl and systemd's
 * helpers replaced by stand-ins on the PATH that note how they were called; {@code /run/systemd/system},
 * {@code /var/cache/edgecam} and {@code /etc/avahi/services} are pointed into a temp folder, so nothing of this machine
 * is touched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebMaintainerScriptsTest {

    private static final Path CONTROL = Path.of("src/deb/control");

    @TempDir
    Path dir;
    private Path bin;
    private Path systemdRunning;
    private Path cache;
    private Path avahiServices;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        systemdRunning = Files.createDirectories(dir.resolve("run/systemd/system"));
        cache = Files.createDirectories(dir.resolve("var/cache/edgecam"));
        avahiServices = dir.resolve("etc/avahi/services"); // made by the tests where Avahi is installed
        // getent passwd|group NAME: found when NAME is in $FAKE_USERS or $FAKE_GROUPS.
        script("getent", "case \"$1\" in passwd) list=$FAKE_USERS ;; *) list=$FAKE_GROUPS ;; esac;"
                + " case \" $list \" in *\" $2 \"*) echo \"$2:x:1:\" ;; *) exit 2 ;; esac");
        for (String tool : List.of("adduser", "systemctl", "deb-systemd-invoke", "setfacl")) {
            script(tool, "echo \"" + tool + " $*\" >> \"$FAKE_LOG\"");
        }
        // was-enabled answers $FAKE_WAS_ENABLED (true on a first install, as the real helper does).
        script("deb-systemd-helper", "echo \"deb-systemd-helper $*\" >> \"$FAKE_LOG\";"
                + " [ \"$2\" != was-enabled ] || [ \"$FAKE_WAS_ENABLED\" = yes ]");
    }

    @Test
    void firstInstallMakesTheUserInVideoAndRenderThenEnablesAndStartsTheService() throws Exception {
        Files.createDirectories(avahiServices);
        List<String> calls = run("postinst", Map.of("FAKE_USERS", "root", "FAKE_GROUPS", "video render",
                "FAKE_WAS_ENABLED", "yes"), "configure");

        assertThat(calls).containsExactly(
                "adduser --system --group --home /var/lib/edgecam --no-create-home --gecos edgecam camera server edgecam",
                "adduser --quiet edgecam video",
                "adduser --quiet edgecam render",
                "setfacl -m u:edgecam:rwx " + avahiServices,
                "deb-systemd-helper unmask edgecam.service",
                "deb-systemd-helper --quiet was-enabled edgecam.service",
                "deb-systemd-helper enable edgecam.service",
                "systemctl --system daemon-reload",
                "deb-systemd-invoke start edgecam.service");
    }

    @Test
    void upgradeKeepsTheUserAndADisabledServiceAndRestartsIt() throws Exception {
        List<String> calls = run("postinst", Map.of("FAKE_USERS", "edgecam", "FAKE_GROUPS", "video",
                "FAKE_WAS_ENABLED", "no"), "configure", "0.0.9");

        assertThat(calls).as("no render group on this system: not asked for; no Avahi: no folder to open").containsExactly(
                "adduser --quiet edgecam video",
                "deb-systemd-helper unmask edgecam.service",
                "deb-systemd-helper --quiet was-enabled edgecam.service",
                "deb-systemd-helper update-state edgecam.service",
                "systemctl --system daemon-reload",
                "deb-systemd-invoke restart edgecam.service");
    }

    @Test
    void removeStopsTheServiceAndPurgeDeletesTheNativeCacheButNotTheRecordings() throws Exception {
        Files.writeString(cache.resolve("libavcodec.so.62"), "native");

        assertThat(run("prerm", Map.of(), "remove")).containsExactly("deb-systemd-invoke stop edgecam.service");
        assertThat(run("postrm", Map.of(), "remove")).containsExactly("systemctl --system daemon-reload",
                "deb-systemd-helper mask edgecam.service");
        assertThat(run("postrm", Map.of(), "purge")).as("no Avahi folder: nothing to take back").containsExactly(
                "deb-systemd-helper purge edgecam.service", "deb-systemd-helper unmask edgecam.service");
        assertThat(cache).doesNotExist();
    }

    @Test
    void removeWithdrawsTheAvahiAdvertsAServerKilledOutrightLeftAndPurgeTakesBackTheFolderRight() throws Exception {
        Files.createDirectories(avahiServices);
        Path advert = Files.writeString(avahiServices.resolve("edgecam-door.service"), "<service-group/>");
        Path others = Files.writeString(avahiServices.resolve("ssh.service"), "<service-group/>");

        run("postrm", Map.of(), "remove");
        assertThat(advert).doesNotExist();
        assertThat(others).as("another program's advert").exists();
        assertThat(run("postrm", Map.of(), "purge")).contains("setfacl -x u:edgecam " + avahiServices);
    }

    /** Runs a maintainer script with sh and returns the stand-ins' calls, one line each, with quoting gone. */
    private List<String> run(String name, Map<String, String> env, String... args) throws Exception {
        Path log = dir.resolve("calls-" + name + "-" + args[0] + ".log");
        Path script = dir.resolve(name);
        Files.writeString(script, Files.readString(CONTROL.resolve(name))
                .replace("/run/systemd/system", systemdRunning.toString())
                .replace("/var/cache/edgecam", cache.toString())
                .replace("/etc/avahi/services", avahiServices.toString()));
        List<String> command = new ArrayList<>(List.of("sh", "-e", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().put("PATH", bin + ":" + builder.environment().get("PATH"));
        builder.environment().put("FAKE_LOG", log.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve(name + ".out"))).isZero();
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
