package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The choice of advertiser, without touching the network: off, loopback, Avahi's folder, the pid-file check, and the
 * mode's spelling. (jmdns itself is tested in namespaces: {@link MdnsLabTest}.)
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AdvertiserChoiceTest {

    @TempDir
    Path dir;

    @Test
    void offAdvertisesNothing() throws Exception {
        try (Advertiser advertiser = AdvertiserChoice.open(MdnsMode.OFF, dir, "0.0.0.0", "pi")) {
            advertiser.advertise(List.of(new CameraAdvert("door", "pi", 8080, 8554, false, "1")));
            assertThat(advertiser.describe()).isEqualTo("not advertised (mdns: off)");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void autoAdvertisesNothingForAServerOnLoopback() throws Exception {
        try (Advertiser advertiser = AdvertiserChoice.open(MdnsMode.AUTO, dir, "127.0.0.1", "pi")) {
            assertThat(advertiser.describe()).contains("loopback only");
        }
    }

    @Test
    void avahiWritesIntoAWritableFolderAndNamesAnUnwritableOne() throws Exception {
        try (Advertiser advertiser = AdvertiserChoice.open(MdnsMode.AVAHI, dir, "127.0.0.1", "pi")) {
            assertThat(advertiser).isInstanceOf(AvahiServiceFiles.class);
            assertThat(advertiser.describe()).isEqualTo("advertised by Avahi service files in " + dir);
        }
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AdvertiserChoice.open(MdnsMode.AVAHI, missing, "127.0.0.1", "pi"))
                .hasMessage("mdns: avahi needs a services folder edgecam can write; " + missing + " does not exist (give "
                        + "edgecam's user write access, set mdns_services_dir, or set mdns: jmdns)");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        if (!Files.isWritable(readOnly)) { // root may write anywhere
            assertThatThrownBy(() -> AdvertiserChoice.open(MdnsMode.AVAHI, readOnly, "127.0.0.1", "pi"))
                    .hasMessageContaining("is not writable for this user");
        }
    }

    @Test
    void avahiRunsWhenItsPidFileNamesALiveProcess() throws Exception {
        Path pidFile = dir.resolve("pid");
        assertThat(AdvertiserChoice.avahiDaemonRuns(pidFile)).as("no pid file").isFalse();
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        assertThat(AdvertiserChoice.avahiDaemonRuns(pidFile)).isTrue();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(pidFile, gone.pid() + "\n");
        assertThat(AdvertiserChoice.avahiDaemonRuns(pidFile)).as("a stale pid file").isFalse();
        Files.writeString(pidFile, "garbage");
        assertThat(AdvertiserChoice.avahiDaemonRuns(pidFile)).isFalse();
    }

    @Test
    void avahiRunsWhenItsSocketAcceptsAConnection() throws Exception {
        Path socket = dir.resolve("socket");
        assertThat(AdvertiserChoice.avahiAnswers(socket)).as("no socket").isFalse();
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(socket));
            assertThat(AdvertiserChoice.avahiAnswers(socket)).isTrue();
        }
        assertThat(AdvertiserChoice.avahiAnswers(socket)).as("a socket file nobody listens on").isFalse();
    }

    @Test
    void modesAreSpelledAsTheConfigWritesThem() {
        assertThat(MdnsMode.parse(" Avahi ")).isEqualTo(MdnsMode.AVAHI);
        assertThatThrownBy(() -> MdnsMode.parse("bonjour"))
                .hasMessage("'bonjour' is not an mdns mode; give one of auto, jmdns, avahi, off");
    }
}
