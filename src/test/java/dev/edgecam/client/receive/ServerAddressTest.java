package dev.edgecam.client.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerAddressTest {

    @Test
    void hostAloneUsesTheLegacyPort() {
        assertThat(ServerAddress.parse("camera.local")).isEqualTo(new ServerAddress(ServerAddress.Scheme.LEGACY, "camera.local", 6810, ""));
        assertThat(ServerAddress.parse(" 192.168.1.20:7000 ").port()).isEqualTo(7000);
    }

    @Test
    void ipv6NeedsBrackets() {
        assertThat(ServerAddress.parse("[::1]:6811").host()).isEqualTo("::1");
        assertThat(ServerAddress.parse("[::1]").port()).isEqualTo(6810);
        assertThat(ServerAddress.parse("[::1]:6811").toString()).isEqualTo("[::1]:6811");
        assertThatThrownBy(() -> ServerAddress.parse("::1")).hasMessageContaining("put an IPv6 address in brackets");
        assertThatThrownBy(() -> ServerAddress.parse("[::1")).hasMessageContaining("needs a closing ]");
    }

    @Test
    void httpUrlsDefaultToTheStreamPath() {
        ServerAddress address = ServerAddress.parse("http://camera.local:8080");
        assertThat(address.scheme()).isEqualTo(ServerAddress.Scheme.HTTP);
        assertThat(address.port()).isEqualTo(8080);
        assertThat(address.path()).isEqualTo("/stream");
        assertThat(ServerAddress.parse("http://camera.local/?action=stream").path()).isEqualTo("/?action=stream");
        assertThat(ServerAddress.parse("http://camera.local/stream.mjpg").port()).isEqualTo(80);
    }

    @Test
    void rtspUrlsKeepTheirPathAndLoginAndShowNoPassword() {
        ServerAddress address = ServerAddress.parse("rtsp://alice:s3cret@camera.local/cam2");
        assertThat(address.scheme()).isEqualTo(ServerAddress.Scheme.RTSP);
        assertThat(address.isRtsp()).isTrue();
        assertThat(address.isHttp()).isFalse();
        assertThat(address.port()).isEqualTo(554);
        assertThat(address.rtspUrl()).isEqualTo("rtsp://alice:s3cret@camera.local:554/cam2");
        assertThat(address.toString()).isEqualTo("rtsp://alice@camera.local:554/cam2");
        assertThat(ServerAddress.parse("rtsps://[::1]:8322/stream").rtspUrl()).isEqualTo("rtsps://[::1]:8322/stream");
        assertThat(ServerAddress.parse("RTSPS://camera").port()).isEqualTo(322);
    }

    @Test
    void badAddressesSayWhatAValidOneLooksLike() {
        assertThatThrownBy(() -> ServerAddress.parse("")).hasMessageContaining("write HOST[:PORT]");
        assertThatThrownBy(() -> ServerAddress.parse("camera:0")).hasMessageContaining("the port must be a number from 1 to 65535, not '0'");
        assertThatThrownBy(() -> ServerAddress.parse("camera:http")).hasMessageContaining("not 'http'");
        assertThatThrownBy(() -> ServerAddress.parse("ftp://camera/stream"))
                .hasMessageContaining("only http://, https://, rtsp:// and rtsps:// URLs");
        assertThatThrownBy(() -> ServerAddress.parse("camera/stream")).hasMessageContaining("is not HOST[:PORT]");
    }
}
