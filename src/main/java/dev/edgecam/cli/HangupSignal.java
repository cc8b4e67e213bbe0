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
    private Pending pending;

    private HangupSignal(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * Installs the handler before there is anything to reload, so that a SIGHUP while the server starts
     * ({@code systemctl reload edgecam} right after a start) does not end the JVM: it is remembered and the reload runs
     * once {@link #reloadWith} names it.
     */
    static HangupSignal installEarly() {
        Pending pending = new Pending();
        HangupSignal signal = new HangupSignal(Signal.handle(HUP, received -> pending.received()));
        signal.pending = pending;
        return signal;
    }

    /** Installs the handler with its action at once ({@link #installEarly} and {@link #reloadWith} in one). */
    static HangupSignal install(Runnable action) {
        HangupSignal signal = installEarly();
        signal.reloadWith(action);
        return signal;
    }

    /**
     * What SIGHUP does from now on; a SIGHUP that came before runs it at once.
     *
     * @param action runs on the JVM's signal thread, so it should only hand the work over (as
     *     {@code ConfigWatcher.reload()} does); what it throws is logged
     */
    void reloadWith(Runnable action) {
        pending.set(action);
    }

    /** The action, or the memory of a SIGHUP that came before there was one. */
    private static final class Pending {
        private Runnable action;
        private boolean requested;

        synchronized void received() {
            if (action == null) {
                requested = true;
                log.info("SIGHUP received while starting: the config is read again once the server is up");
            } else {
                log.info("SIGHUP received: reloading the config");
                run(action);
            }
        }

        synchronized void set(Runnable reload) {
            action = reload;
            if (requested) {
                requested = false;
                run(reload);
            }
        }

        private static void run(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("SIGHUP: the reload could not be started: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Signal.handle(HUP, previous);
        }
    }
}
