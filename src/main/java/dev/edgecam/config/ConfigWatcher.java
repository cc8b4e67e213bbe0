package dev.edgecam.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a running server's config file: when the file changes (a {@link WatchService} on its folders, see
 * {@link WatchedFolders}) and when asked ({@link #reload()}, which {@code serve} calls on SIGHUP), it reads the file
 * and hands each valid change to the listener as a {@link ConfigChange} ({@code after()} is the new setup). A bad
 * file is logged once, naming the file, the line and the key, and changes nothing (see {@link ReloadCheck}).
 *
 * <p>Changes are debounced: an editor's save is several events (write, rename, chmod), and a file written in two
 * steps is not valid in between, so the file is read once {@code debounce} after the last event, or at the latest
 * {@link #MAX_DELAY_DEBOUNCES} debounces after the first: a recording written into the same folder never goes
 * quiet, and which file an event names is not looked at. One thread
 * ("config watch") watches, reads and calls the listener, so changes are handed over one at a time, in order.
 * {@link #close()} stops it.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Quiet time after the last event before the file is read: longer than an editor's save. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);
    /** How often the thread looks for a {@link #reload()} request while no event comes. */
    static final Duration DEFAULT_TICK = Duration.ofMillis(200);
    /** A change is read at the latest this many debounces after its first event, however busy the folder. */
    static final int MAX_DELAY_DEBOUNCES = 10;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final long NOTHING_DUE = Long.MIN_VALUE;

    /**
     * How the watcher tells time, so a test can move a fake clock instead of sleeping.
     *
     * @param debounce quiet time after the last event
     * @param tick longest wait for events before looking at the clock and at reload requests
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     */
    record Timing(Duration debounce, Duration tick, LongSupplier nanoClock) {
        static final Timing REAL = new Timing(DEFAULT_DEBOUNCE, DEFAULT_TICK, System::nanoTime);
    }

    private final Path file;
    private final Consumer<ConfigChange> listener;
    private final Timing timing;
    private final WatchService watch;
    private final WatchedFolders folders;
    private final ReloadCheck check;
    private final Thread thread;
    private final AtomicBoolean reloadAsked = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    /** When the first event of the pending change came (nanoClock); the thread's own. */
    private long firstEventAt;
    /** When the file is due to be read (nanoClock), or {@link #NOTHING_DUE}; the thread's own. */
    private volatile long dueAt = NOTHING_DUE;

    private ConfigWatcher(Path file, ServeSetup running, Consumer<ConfigChange> listener, Timing timing,
                          WatchService watch) {
        this.file = file;
        this.listener = listener;
        this.timing = timing;
        this.watch = watch;
        this.folders = new WatchedFolders(watch, file);
        this.check = new ReloadCheck(file, running);
        this.thread = new Thread(this::run, "config watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code file}. The file is read once at once: a change made while the server was starting is
     * handed over then.
     *
     * @param file the config file, as given to {@code --config} (a relative path stays relative to the working folder)
     * @param running what the server runs, read from {@code file} at start
     * @param listener gets each change, on the watcher's thread; what it throws is logged and the watch goes on
     * @throws IOException when the file's folder cannot be watched
     */
    public static ConfigWatcher start(Path file, ServeSetup running, Consumer<ConfigChange> listener)
            throws IOException {
        return start(file, running, listener, Timing.REAL);
    }

    static ConfigWatcher start(Path file, ServeSetup running, Consumer<ConfigChange> listener, Timing timing)
            throws IOException {
        WatchService watch = file.toAbsolutePath().getFileSystem().newWatchService();
        ConfigWatcher watcher = new ConfigWatcher(file, running, listener, timing, watch);
        try {
            watcher.folders.sync(); // before the first read, so that no change between the two is missed
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    /** Reads the file again soon, changed or not, and logs what came of it (SIGHUP). Returns at once. */
    public void reload() {
        reloadAsked.set(true);
    }

    /** Stops the watch and waits (boundedly) for its thread; a change being handed over is finished first. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            watch.close(); // wakes the thread out of poll
        } catch (IOException e) {
            log.debug("config: closing the watch of {}: {}", file, e.toString());
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True when an event came and the file is to be read once it has been quiet long enough (for tests). */
    boolean changePending() {
        return dueAt != NOTHING_DUE;
    }

    /** How many times the file was looked at (for tests: a move of the clock was acted on). */
    int checks() {
        return checks.get();
    }

    /** How many batches of events the watch has taken (for tests: an event was seen). */
    int events() {
        return events.get();
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        runCheck(false);
        try {
            while (!closed.get()) {
                WatchKey key = watch.poll(timing.tick().toMillis(), TimeUnit.MILLISECONDS);
                for (; key != null; key = watch.poll()) {
                    // Which file an event names does not matter: the file's text says whether it changed. (Names
                    // would miss a link swapped on the way, such as Kubernetes' ..data.)
                    key.pollEvents();
                    noteEvent();
                    if (!key.reset()) {
                        folders.forget(key);
                    }
                }
                if (reloadAsked.getAndSet(false)) {
                    log.info("config: reloading {} as asked", file);
                    runCheck(true);
                } else if (changePending() && timing.nanoClock().getAsLong() - dueAt >= 0) {
                    runCheck(false);
                }
            }
        } catch (ClosedWatchServiceException e) {
            // closed: done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void noteEvent() {
        long now = timing.nanoClock().getAsLong();
        if (!changePending()) {
            firstEventAt = now;
        }
        long latest = firstEventAt + timing.debounce().toNanos() * MAX_DELAY_DEBOUNCES;
        long quiet = now + timing.debounce().toNanos();
        dueAt = quiet - latest > 0 ? latest : quiet;
        events.incrementAndGet();
    }

    private void runCheck(boolean asked) {
        dueAt = NOTHING_DUE;
        ConfigChange change = null;
        try {
            change = check.check(asked);
            folders.sync(); // a link may point elsewhere now
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) { // closing makes the watch refuse new folders: nothing wrong then
                log.error("config: reading or watching {} failed: {}; the running config stays, SIGHUP tries again",
                        file, e.toString(), e);
            }
        }
        try {
            if (change != null) {
                listener.accept(change);
            }
        } catch (RuntimeException e) {
            // The watch outlives one failed change: the next change or SIGHUP is handed over as usual.
            log.error("config: applying the change of {} failed: {}", file, e.toString(), e);
        } finally {
            checks.incrementAndGet();
        }
    }
}
