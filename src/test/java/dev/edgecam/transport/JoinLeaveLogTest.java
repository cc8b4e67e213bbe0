package dev.edgecam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JoinLeaveLogTest {

    private static final long WINDOW_MILLIS = 60_000;

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.join-leave");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final JoinLeaveLog log = new JoinLeaveLog(logger, WINDOW_MILLIS, nanos::get);

    JoinLeaveLogTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @Test
    void theFirstLinesOfAnAddressAreWrittenThenOnlyCountedAndSummarised() {
        int written = 0;
        for (int i = 0; i < 100; i++) {
            written += log.shouldLog("HTTP", "192.0.2.7", true) ? 1 : 0;
            written += log.shouldLog("HTTP", "192.0.2.7", false) ? 1 : 0;
        }
        assertThat(written).isEqualTo(JoinLeaveLog.LINES_PER_WINDOW);
        assertThat(log.shouldLog("HTTP", "192.0.2.8", true)).as("another address has its own lines").isTrue();
        assertThat(lines.list).isEmpty();

        nanos.addAndGet(WINDOW_MILLIS * 1_000_000L);
        assertThat(log.shouldLog("TCP", "192.0.2.9", true)).isTrue();
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("HTTP: 95 more joins and 95 more leaves from 192.0.2.7 within 60 s, not logged one by one");
        assertThat(log.shouldLog("HTTP", "192.0.2.7", true)).as("a new window").isTrue();
    }
}
