package dev.edgecam.cli;

/**
 * Runs an action when SIGINT or SIGTERM arrives (see {@link ShutdownSignal}), for commands that must wake a
 * blocked loop so it can finish its file. Closing the watch stops waiting.
 */
final class SignalWatch implements AutoCloseable {

    private final Thread watcher;

    private SignalWatch(Thread watcher) {
        this.watcher = watcher;
    }

    static SignalWatch onSignal(Runnable action) {
        ShutdownSignal signal = ShutdownSignal.install();
        Thread watcher = new Thread(() -> {
            try {
                signal.await();
                action.run();
            } catch (InterruptedException e) {
                // The command ended first: nothing to do.
            }
        }, "signal watch");
        watcher.setDaemon(true);
        watcher.start();
        return new SignalWatch(watcher);
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
