package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgecam.encode.EncodeSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * DNS rebinding (issue 11, item 5): a page from another site that has pointed its own name at the camera sends
 * the camera requests with its own name in {@code Host} (and its own {@code Origin}). Requests that change
 * something are refused unless they name this server; reading ones are not checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpHostCheckTest {

    private static final String QUALITY_10 = "{\"quality\": 10}";

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();

    private HttpWire.Response put(String headers) throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("PUT /settings HTTP/1.1\r\n" + headers + "Content-Type: application/json\r\nContent-Length: "
                    + QUALITY_10.length() + "\r\n\r\n" + QUALITY_10);
            return wire.readResponse();
        }
    }

    @Test
    void aChangeAddressedToAnotherSiteIsRefusedWith403AndChangesNothing() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("PUT /settings HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + QUALITY_10.length() + "\r\n\r\n" + QUALITY_10);
            HttpWire.Response response = wire.readResponse();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.text()).contains("the Host 'evil.example'").contains("--allowed-host");
            assertThat(response.headers().get("connection")).isEqualTo("close");
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(server.camera.settings()).isEqualTo(EncodeSettings.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: evil.example:8080\r\n", "Host: EVIL.example.\r\n", "Host: 192.0.2.7\r\n",
        "Host: [2001:db8::1]:8080\r\n", "Host: 127.0.0.1\r\nOrigin: http://evil.example\r\n",
        "Host: 127.0.0.1\r\nOrigin: null\r\n", "Host: localhost.evil.example\r\n"})
    void everyFormOfAForeignHostOrOriginIsRefused(String headers) throws Exception {
        HttpWire.Response response = put(headers);
        assertThat(response.status()).as(headers).isEqualTo(403);
        assertThat(server.camera.settings()).isEqualTo(EncodeSettings.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: 127.0.0.1\r\n", "Host: localhost:8080\r\n", "Host: LOCALHOST.\r\n",
        "Host: 127.0.0.1\r\nOrigin: http://127.0.0.1:8080\r\n", "Host: [::1]:8080\r\n", ""})
    void changesAddressedToThisServerStillWork(String headers) throws Exception {
        HttpWire.Response response = put(headers);
        assertThat(response.status()).as(headers + response.text()).isEqualTo(200);
        assertThat(server.camera.settings().quality()).isEqualTo(10);
    }

    @Test
    void aRebindingPageInALoopIsLoggedOnceNotOnceAConnection() throws Exception {
        Logger security = (Logger) LoggerFactory.getLogger("dev.edgecam.transport.security");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        security.addAppender(lines);
        try {
            // Each try on a new connection (a new port) and with a Host of the attacker's choosing, as a page can.
            for (int i = 0; i < 50; i++) {
                assertThat(put("Host: evil-" + i + ".example\r\n").status()).isEqualTo(403);
            }
        } finally {
            security.detachAppender(lines);
        }
        assertThat(lines.list).as("log lines for 50 refused changes from one address").hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).contains("127.0.0.1: ").contains("Host");
    }

    @Test
    void readingIsNotCheckedSoAnyNameStillStreams() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            wire.send("GET /settings HTTP/1.1\r\nHost: evil.example\r\n\r\n");
            assertThat(wire.readResponse().status()).isEqualTo(200);
            wire.send("HEAD /snapshot HTTP/1.1\r\nHost: camera-by-another-name\r\n\r\n");
            assertThat(wire.readResponse(true).status()).isEqualTo(200);
        }
    }
}
