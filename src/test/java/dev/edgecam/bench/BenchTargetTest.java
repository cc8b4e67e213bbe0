package dev.edgecam.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.bench.BenchTarget.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BenchTargetTest {

    @Test
    void hostAndPortMeanTheLegacyProtocol() {
        assertThat(BenchTarget.parse("localhost:6810", null)).isEqualTo(new BenchTarget(Transport.TCP, "localhost", 6810, ""));
        assertThat(BenchTarget.parse(" [::1]:7000 ", null).host()).isEqualTo("[::1]");
    }

    @Test
    void urlsMeanHttpWithStreamAsTheDefaultPath() {
        assertThat(BenchTarget.parse("http://127.0.0.1:8080/stream", null))
                .isEqualTo(new BenchTarget(Transport.HTTP, "127.0.0.1", 8080, "/stream"));
        assertThat(BenchTarget.parse("http://cam.local/?action=stream", null))
                .isEqualTo(new BenchTarget(Transport.HTTP, "cam.local", 80, "/?action=stream"));
        assertThat(BenchTarget.parse("http://cam.local:8080", null).path()).isEqualTo("/stream");
        assertThat(BenchTarget.parse("localhost:8080", Transport.HTTP))
                .isEqualTo(new BenchTarget(Transport.HTTP, "localhost", 8080, "/stream"));
        assertThat(BenchTarget.parse("http://127.0.0.1:8080/stream", null)).hasToString("http://127.0.0.1:8080/stream");
    }

    @Test
    void badTargetsAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> BenchTarget.parse("localhost", null)).hasMessageContaining("has no port");
        assertThatThrownBy(() -> BenchTarget.parse("local host:1", null)).hasMessageContaining("write HOST:PORT");
        assertThatThrownBy(() -> BenchTarget.parse("localhost:0", null)).hasMessageContaining("port 0");
        assertThatThrownBy(() -> BenchTarget.parse("localhost:6810/x", null)).hasMessageContaining("is not a target");
        assertThatThrownBy(() -> BenchTarget.parse("https://x:1/stream", null)).hasMessageContaining("https is not supported");
        assertThatThrownBy(() -> BenchTarget.parse("http://x:1/stream", Transport.TCP)).hasMessageContaining("--transport is tcp");
    }

    @Test
    void wsUrlsMeanThePagesH264WithAnnexbAsTheDefaultFraming() {
        assertThat(BenchTarget.parse("ws://127.0.0.1:8080/h264", null, false))
                .isEqualTo(new BenchTarget(Transport.WS_ANNEXB, "127.0.0.1", 8080, "/h264"));
        assertThat(BenchTarget.parse("ws://127.0.0.1:8080/cam/door/h264?format=fmp4", null, false))
                .isEqualTo(new BenchTarget(Transport.WS_FMP4, "127.0.0.1", 8080, "/cam/door/h264?format=fmp4"))
                .hasToString("ws://127.0.0.1:8080/cam/door/h264?format=fmp4");
        assertThat(BenchTarget.parse("ws://cam.local/h264?format=annexb", null, false).port()).isEqualTo(80);
        assertThat(Transport.WS_ANNEXB.label()).isEqualTo("ws/annexb");
        assertThat(Transport.WS_FMP4.label()).isEqualTo("ws/fmp4");
    }

    @Test
    void badWsTargetsAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> BenchTarget.parse("ws://127.0.0.1:8080/stream", null, false))
                .hasMessageContaining("write ws://HOST:PORT/h264 or ws://HOST:PORT/cam/ID/h264");
        assertThatThrownBy(() -> BenchTarget.parse("ws://127.0.0.1:8080/h264?format=webm", null, false))
                .hasMessageContaining("format=webm is not an H.264 framing");
        assertThatThrownBy(() -> BenchTarget.parse("wss://127.0.0.1:8443/h264", null, false))
                .hasMessageContaining("wss is not supported");
        assertThatThrownBy(() -> BenchTarget.parse("ws://127.0.0.1:8080/h264", Transport.HTTP, false))
                .hasMessageContaining("--transport is for HOST:PORT targets");
        assertThatThrownBy(() -> BenchTarget.parse("localhost:8080", Transport.WS_ANNEXB))
                .hasMessageContaining("--transport is tcp or http");
    }
}
