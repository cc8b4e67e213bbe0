package dev.edgecam.config;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at the config file of a running server: reads it, and says what changed against what runs. It remembers
 * the text it last read, so that a file touched without a change, or an event of another file in the folder, costs
 * one read and nothing else, and a bad file is logged once (again only when it changes, or when asked with SIGHUP).
 * A bad file never changes what runs. Used by one thread at a time ({@link ConfigWatcher}'s).
 */
final class ReloadCheck {

    private static final Logger log = LoggerFactory.getLogger(ReloadCheck.class);

    private final Path file;
    private ServeSetup running;
    /** The text of the last read, null when it failed or nothing was read yet. */
    private String lastText;
    /** Why the last read failed (no such file, not UTF-8...), or null. */
    private String lastReadFailure;

    /**
     * @param file the config file, as given to {@code --config}
     * @param running what the server runs, read from {@code file} at start
     */
    ReloadCheck(Path file, ServeSetup running) {
        this.file = file;
        this.running = running;
    }

    /**
     * Reads the file and returns the change to apply, which then counts as running; null when there is none: the
     * same text as last time, a text that asks for what runs (comments, layout), or a bad file (logged).
     *
     * @param asked true when someone asked for a reload (SIGHUP): the file is read and judged even if its text is
     *     the same, and the outcome is logged, so the person who asked gets an answer
     */
    ConfigChange check(boolean asked) {
        String text;
        try {
            text = ConfigFile.read(file);
        } catch (ConfigException e) {
            lastText = null;
            if (asked || !e.getMessage().equals(lastReadFailure)) {
                refuse(e);
            }
            lastReadFailure = e.getMessage();
            return null;
        }
        lastReadFailure = null;
        if (!asked && text.equals(lastText)) {
            return null;
        }
        lastText = text;
        ServeSetup next;
        try {
            next = ConfigFile.parse(text, file);
        } catch (ConfigException e) {
            refuse(e);
            return null;
        }
        ConfigChange change = ConfigChange.between(running, next);
        if (change.isEmpty()) {
            if (asked) {
                log.info("config: {} read again: nothing changed", file);
            }
            return null;
        }
        running = next;
        log.info("config: {} changed: {}", file, change.summary());
        return change;
    }

    /** What runs: the setup of the start, or of the last change handed over. */
    ServeSetup running() {
        return running;
    }

    private static void refuse(ConfigException e) {
        log.error("config: not reloaded, the running config stays: {}", e.getMessage());
    }
}
