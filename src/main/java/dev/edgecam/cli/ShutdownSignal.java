package dev.edgecam.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a request to stop, so that a long-running command can close its stages in
 * order and return exit code 0, instead of the JVM's default exit code 130 or 143 mid-way.
 */
final class ShutdownSignal {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Installs the handlers; a second signal while stopping ends the process at once. */
    static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), received -> signal.received("SIG" + received.getName()));
        }
        return signal;
    }

    private void received(String name) {
        if (stop.getCount() == 0) {
            log.warn("{} again: stopping now", name);
            Runtime.getRuntime().halt(130);
        }
        log.info("{} received: shutting down", name);
        stop.countDown();
    }

    /** Blocks until a signal arrives. */
    void await() throws InterruptedException {
        stop.await();
    }
}
