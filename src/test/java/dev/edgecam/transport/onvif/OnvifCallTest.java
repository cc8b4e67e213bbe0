package dev.edgecam.transport.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host and port the answers' URLs name: the ones the client addressed, else where the request arrived. */
class OnvifCallTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "192.168.1.20:8080 | 192.168.1.20 | 8080",
            "cam.local:9000    | cam.local    | 9000",
            "cam.local         | cam.local    | 8080",
            "[fe80::1]:8081    | [fe80::1]    | 8081",
            "[fe80::1]         | [fe80::1]    | 8080",
            "fe80::1           | [fe80::1]    | 8080",
            "cam:notaport      | cam          | 8080",
            "-                 | 10.0.0.5     | 8080",
            "''                | 10.0.0.5     | 8080"})
    void urlsNameWhatTheClientAddressed(String hostHeader, String host, int port) throws Exception {
        OnvifCall call = new OnvifCall(OnvifService.DEVICE_PATH, new byte[0], hostHeader, null,
                new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 8080), InetAddress.getByName("10.0.0.9"), false);
        assertThat(call.urlHost()).isEqualTo(host);
        assertThat(call.urlPort()).isEqualTo(port);
    }
}
