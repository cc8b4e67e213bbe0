package dev.edgecam.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs an action each time SIGHUP arrives: {@code serve --config} reloads its file on {@code kill -HUP PID} or
 * {@code systemctl reload edgecam} (a config watcher's {@code reload()}). Without a handler, SIGHUP ends the JVM.
 * Closing gives SIGHUP back to the handler it had before.
 */
final class HangupSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler previous;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HangupSignal(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * @param action runs on the JVM's signal thread, so it should only hand the work over (as
     *     {@code ConfigWatcher.reload()} does); what it throws is logged
     */
    static HangupSignal install(Runnable action) {
        return new HangupSignal(Signal.handle(HUP, received -> {
            log.info("SIGHUP received: reloading the config");
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("SIGHUP: the reload could not be started: {}", e.toString(), e);
            }
        }));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Signal.handle(HUP, previous);
        }
    }
}
