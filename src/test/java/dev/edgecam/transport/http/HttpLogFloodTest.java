package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * One client in a loop cannot fill the server's log (issue 11): a malformed {@code %} escape is answered with 400
 * and logged once, not with a stack trace per request; a client that reconnects in a loop costs a few join and
 * leave lines a minute, not two per connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpLogFloodTest {

    private static final int ATTEMPTS = 200;

    @AutoClose
    private final HttpTestServer server = HttpTestServer.start();
    private final Logger root = (Logger) LoggerFactory.getLogger("dev.edgecam");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        lines.start();
        root.addAppender(lines);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(lines);
    }

    @Test
    void malformedEscapesAreAnswered400AndLoggedOnce() throws Exception {
        try (HttpWire wire = new HttpWire(server.port())) {
            for (int i = 0; i < ATTEMPTS; i++) {
                wire.request("GET", "/%zz");
                HttpWire.Response answer = wire.readResponse();
                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.text()).contains("%25");
            }
        }
        List<ILoggingEvent> logged = List.copyOf(lines.list);
        assertThat(logged).as("log lines for %d bad requests", ATTEMPTS).hasSizeLessThanOrEqualTo(1);
        assertThat(logged).allSatisfy(line -> assertThat(line.getThrowableProxy()).as("a stack trace").isNull());
    }

    @Test
    void withALoginTheSameRequestsGet401WithoutAStackTrace() throws Exception {
        try (HttpAuthenticator login = HttpAuthenticator.of(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.none());
             HttpTestServer guarded = HttpTestServer.startWithLogin(login);
             HttpWire wire = new HttpWire(guarded.port())) {
            for (int i = 0; i < ATTEMPTS; i++) {
                wire.request("GET", "/%zz");
                assertThat(wire.readResponse().status()).isEqualTo(401);
            }
        }
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).as("a stack trace").isNull());
    }

    @Test
    void aClientReconnectingInALoopCostsAFewLinesNotTwoPerConnection() throws Exception {
        for (int i = 0; i < ATTEMPTS; i++) {
            try (HttpWire wire = new HttpWire(server.port())) {
                wire.request("GET", "/stream");
                assertThat(wire.readLine()).isEqualTo("HTTP/1.1 200 OK");
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.registry.count() == 0);
        List<String> joinsAndLeaves = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("client joined") || line.contains("client left")).toList();
        assertThat(joinsAndLeaves).as("join and leave lines for %d connections", ATTEMPTS).hasSizeBetween(1, 10);
        assertThat(lines.list).as("log lines in all").hasSizeLessThanOrEqualTo(12);
    }
}
