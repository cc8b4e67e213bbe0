package dev.edgecam.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Timeout(10)
class RefusalLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("test.refusals");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    RefusalLogTest() {
        lines.start();
        logger.addAppender(lines);
        logger.setAdditive(false);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodFromOneAddressIsLoggedOncePerWindowWithTheCountOfTheRest() throws Exception {
        RefusalLog log = new RefusalLog(logger, 200);
        for (int i = 0; i < 1000; i++) {
            log.refused("TCP", "10.0.0.1", "not allowed");
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("TCP: refused 10.0.0.1: not allowed");

        log.refused("TCP", "10.0.0.2", "not allowed");
        log.refused("TCP", "10.0.0.1", "too many clients");
        assertThat(lines.list).hasSize(3);

        Thread.sleep(250);
        log.refused("TCP", "10.0.0.1", "not allowed");
        assertThat(lines.list).hasSize(4);
        assertThat(lines.list.get(3).getFormattedMessage()).contains("999 more like it");
    }

    @Test
    void manyAddressesShareOneBoundedEntry() {
        RefusalLog log = new RefusalLog(logger, 60_000);
        for (int i = 0; i < RefusalLog.MAX_KEYS + 500; i++) {
            log.refused("HTTP", "10.0." + (i / 256) + "." + (i % 256), "wrong password");
        }
        // One line per address up to the table's size, then one for all the rest.
        assertThat(lines.list).hasSize(RefusalLog.MAX_KEYS + 1);
        assertThat(lines.list.get(lines.list.size() - 1).getFormattedMessage()).contains("(many addresses)");
    }
}
