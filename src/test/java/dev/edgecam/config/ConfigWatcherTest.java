package dev.edgecam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgecam.camera.CameraConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The watch of a running server's config file, with real files in a temp folder and a fake clock for the debounce:
 * the test says when the file has been quiet long enough, so nothing here depends on the machine's speed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigWatcherTest {

    private static final Duration DEBOUNCE = Duration.ofSeconds(1);
    private static final String DOOR = "cameras:\n  - id: door\n    source: test\n";
    private static final String DOOR_AND_YARD = DOOR + "  - id: yard\n    source: test\n";
    private static final String BAD_QUALITY = DOOR + "    quality: high\n";

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final List<ConfigChange> changes = new CopyOnWriteArrayList<>();
    private final Logger checkLog = (Logger) LoggerFactory.getLogger(ReloadCheck.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private ConfigWatcher watcher;

    @BeforeEach
    void captureLog() {
        lines.start();
        checkLog.addAppender(lines);
    }

    @AfterEach
    void closeWatcher() {
        checkLog.detachAppender(lines);
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void aChangedFileIsReadOnceItHasBeenQuietAndHandedOverOnce() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        write("edgecam.yml", DOOR + "  - id: yard\n    quality: hi"); // half-written: not valid yet
        write("edgecam.yml", DOOR_AND_YARD);
        await().until(watcher::changePending);
        int checksBefore = watcher.checks();
        assertThat(changes).as("nothing read before the file has been quiet").isEmpty();
        nanos.addAndGet(DEBOUNCE.toNanos());
        await().until(() -> watcher.checks() > checksBefore);

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.added()).extracting(CameraConfig::id).containsExactly("yard");
            assertThat(change.unchanged()).extracting(CameraConfig::id).containsExactly("door");
            assertThat(change.after()).isEqualTo(ConfigFile.load(file));
        });
        assertThat(errors()).as("the half-written file was never read").isEmpty();
        assertThat(messages()).anyMatch(line -> line.endsWith("edgecam.yml changed: cameras added: yard"));
    }

    @Test
    void aChangeInAFolderThatNeverGoesQuietIsStillRead() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        write("edgecam.yml", DOOR_AND_YARD);
        await().until(watcher::changePending);
        // A recording in the same folder: an event every 0.9 debounces, until past the longest delay
        for (int i = 0; i < ConfigWatcher.MAX_DELAY_DEBOUNCES + 2 && changes.isEmpty(); i++) {
            int seen = watcher.events();
            write("recording.mkv", "frame " + i);
            await().until(() -> watcher.events() > seen);
            nanos.addAndGet(DEBOUNCE.toNanos() * 9 / 10);
        }

        await().until(() -> changes.size() == 1);
        assertThat(changes.get(0).added()).extracting(CameraConfig::id).containsExactly("yard");
    }

    @Test
    void anInvalidFileIsLoggedOnceWithItsLineAndKeyAndKeepsTheRunningConfig() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        ServeSetup running = ConfigFile.load(file);
        start(file);

        write("edgecam.yml", BAD_QUALITY);
        settle();
        write("edgecam.yml", BAD_QUALITY); // saved again, as bad
        settle();
        write("other.txt", "another file in the folder");
        settle();

        assertThat(changes).isEmpty();
        assertThat(errors()).singleElement().asString()
                .isEqualTo("config: not reloaded, the running config stays: " + file
                        + ":4: cameras[0].quality: expected a whole number from 1 to 100, got \"high\"");

        write("edgecam.yml", DOOR_AND_YARD);
        settle();
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.before()).as("the config that kept running").isEqualTo(running);
            assertThat(change.added()).extracting(CameraConfig::id).containsExactly("yard");
        });
    }

    @Test
    void aFileThatIsGoneIsLoggedOnceAndItsReturnIsAChange() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        Files.delete(file);
        settle();
        write("unrelated.txt", "x");
        settle();
        assertThat(errors()).singleElement().asString().contains(file + ": no such config file");

        write("edgecam.yml", DOOR_AND_YARD);
        settle();
        assertThat(changes).singleElement().extracting(c -> c.added().get(0).id()).isEqualTo("yard");
    }

    @Test
    void anEditorThatSavesByRenamingANewFileOverTheOldIsSeen() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        Path saved = write(".edgecam.yml.swp", DOOR_AND_YARD);
        Files.move(saved, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        settle();

        assertThat(changes).singleElement().extracting(c -> c.added().get(0).id()).isEqualTo("yard");
    }

    @Test
    void aConfigReachedThroughASymlinkIsSeenWhenItsTargetChangesAndWhenTheLinkMoves() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Path target = write("deploy-1/edgecam.yml", DOOR);
        Path link = Files.createSymbolicLink(dir.resolve("etc/edgecam.yml"), Path.of("../deploy-1/edgecam.yml"));
        start(link);

        write("deploy-1/edgecam.yml", DOOR_AND_YARD); // edited where it really is
        settle();
        assertThat(changes).hasSize(1);

        // Deployed anew: the link is pointed at another folder, replaced by a rename as ln -sfn does
        write("deploy-2/edgecam.yml", DOOR);
        Path newLink = Files.createSymbolicLink(dir.resolve("etc/.edgecam.yml.new"), Path.of("../deploy-2/edgecam.yml"));
        Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        settle();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).removed()).extracting(CameraConfig::id).containsExactly("yard");

        write("deploy-2/edgecam.yml", DOOR_AND_YARD); // the new target is watched now
        settle();
        assertThat(changes).hasSize(3);
        assertThat(target).exists();
    }

    @Test
    void theFoldersOfEveryLinkOnTheWayAreWatched() throws Exception {
        Path real = write("data/v2/edgecam.yml", DOOR);
        Files.createSymbolicLink(dir.resolve("conf-data"), dir.resolve("data/v2"));
        Files.createDirectories(dir.resolve("etc"));
        Path link = Files.createSymbolicLink(dir.resolve("etc/edgecam.yml"), dir.resolve("conf-data/edgecam.yml"));

        assertThat(WatchedFolders.of(link)).contains(dir.resolve("etc"), dir.resolve("conf-data"),
                real.toRealPath().getParent());
        assertThat(WatchedFolders.of(real)).containsExactly(real.getParent().toRealPath());
    }

    @Test
    void aReloadAskedForReadsTheFileAgainAndSaysWhatCameOfIt() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        int checksBefore = watcher.checks();
        watcher.reload();
        await().until(() -> watcher.checks() > checksBefore);
        assertThat(messages()).contains("config: " + file + " read again: nothing changed");

        write("edgecam.yml", BAD_QUALITY);
        settle();
        int checksAfterBad = watcher.checks();
        watcher.reload();
        await().until(() -> watcher.checks() > checksAfterBad);
        assertThat(errors()).as("asked again: answered again").hasSize(2);
        assertThat(changes).isEmpty();
    }

    @Test
    void aChangeMadeWhileTheServerStartedIsHandedOverAtOnce() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        ServeSetup running = ConfigFile.load(file);
        write("edgecam.yml", DOOR_AND_YARD);

        watcher = ConfigWatcher.start(file, running, changes::add, timing());

        await().until(() -> changes.size() == 1);
        assertThat(changes.get(0).added()).extracting(CameraConfig::id).containsExactly("yard");
    }

    @Test
    void aListenerThatFailsDoesNotEndTheWatch() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        watcher = ConfigWatcher.start(file, ConfigFile.load(file), change -> {
            changes.add(change);
            throw new IllegalStateException("camera yard could not start");
        }, timing());

        write("edgecam.yml", DOOR_AND_YARD);
        settle();
        write("edgecam.yml", DOOR);
        settle();

        assertThat(changes).hasSize(2);
        assertThat(watcher.isRunning()).isTrue();
    }

    @Test
    void closeStopsTheThreadAndLaterChangesAreNotRead() throws Exception {
        Path file = write("edgecam.yml", DOOR);
        start(file);

        watcher.close();
        watcher.close();

        assertThat(watcher.isRunning()).isFalse();
        int checks = watcher.checks();
        write("edgecam.yml", DOOR_AND_YARD);
        watcher.reload();
        nanos.addAndGet(DEBOUNCE.toNanos());
        assertThat(watcher.checks()).isEqualTo(checks);
        assertThat(changes).isEmpty();
    }

    private void start(Path file) throws Exception {
        watcher = ConfigWatcher.start(file, ConfigFile.load(file), changes::add, timing());
        await().until(() -> watcher.checks() == 1); // the read at start: nothing changed since the load
        assertThat(changes).isEmpty();
    }

    private ConfigWatcher.Timing timing() {
        return new ConfigWatcher.Timing(DEBOUNCE, Duration.ofMillis(20), nanos::get);
    }

    /** Waits for the watcher to see the last write, lets the debounce time pass, and waits for the read. */
    private void settle() {
        await().until(watcher::changePending);
        int checksBefore = watcher.checks();
        nanos.addAndGet(DEBOUNCE.toNanos());
        await().until(() -> watcher.checks() > checksBefore);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private List<String> errors() {
        return lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
