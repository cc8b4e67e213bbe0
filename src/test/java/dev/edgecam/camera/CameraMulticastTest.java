package dev.edgecam.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Multicast groups: derived ones are stable and site-local, configured ones are checked. */
class CameraMulticastTest {

    @Test
    void aDerivedGroupIsTheSameForTheSameIdSiteLocalAndDiffersBetweenIds() {
        InetSocketAddress cam0 = CameraMulticast.derived("cam0");
        assertThat(CameraMulticast.derived("cam0")).isEqualTo(cam0);
        assertThat(cam0.getAddress().getHostAddress()).startsWith("239.255.");
        assertThat(cam0.getPort()).isEqualTo(CameraMulticast.DEFAULT_PORT);
        assertThat(CameraMulticast.derived("cam1")).isNotEqualTo(cam0);
        assertThat(CameraMulticast.DEFAULT.groupFor("door")).isEqualTo(CameraMulticast.derived("door"));
    }

    @Test
    void aConfiguredGroupIsAnIpv4MulticastAddressWithAnEvenPort() {
        assertThat(CameraMulticast.parseGroup("239.255.42.1:5006"))
                .isEqualTo(new InetSocketAddress("239.255.42.1", 5006));
        assertThat(CameraMulticast.parseGroup("239.1.2.3").getPort()).isEqualTo(5004);
        assertThatThrownBy(() -> CameraMulticast.parseGroup("192.168.1.2:5004")).hasMessageContaining("not an IPv4 multicast");
        assertThatThrownBy(() -> CameraMulticast.parseGroup("239.1.2.3:5005")).hasMessageContaining("must be even");
        assertThatThrownBy(() -> CameraMulticast.parseGroup("camera.lan:5004")).hasMessageContaining("239.255.42.1:5004");
        assertThatThrownBy(() -> new CameraMulticast(null, 0)).hasMessageContaining("1 to 255");
    }
}
