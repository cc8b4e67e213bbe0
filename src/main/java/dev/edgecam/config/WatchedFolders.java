package dev.edgecam.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders a {@link WatchService} watches for one config file. A file cannot be watched on its own: editors save
 * by writing another file and renaming it over the old one, so its folder is watched. A config reached through
 * symbolic links ({@code /etc/edgecam/edgecam.yml} linked to a file elsewhere, or Kubernetes' chain of links) is
 * changed by writing the file the links lead to, or by pointing a link elsewhere: so the folder of every link on
 * the way, and of the file they lead to, is watched, and {@link #sync} follows a link that now points elsewhere.
 */
final class WatchedFolders {

    private static final Logger log = LoggerFactory.getLogger(WatchedFolders.class);
    /** More links than this in a row is a loop; the file itself then fails to read, and says so. */
    static final int MAX_LINKS = 16;

    private final WatchService watch;
    private final Path file;
    private final Map<Path, WatchKey> keys = new HashMap<>();

    WatchedFolders(WatchService watch, Path file) {
        this.watch = watch;
        this.file = file.toAbsolutePath();
    }

    /** The folders to watch now: the file's own, each link's on the way to the real file, and the real file's. */
    static Set<Path> of(Path file) {
        Set<Path> folders = new LinkedHashSet<>();
        Path path = file.toAbsolutePath();
        for (int i = 0; i < MAX_LINKS && path.getParent() != null; i++) {
            folders.add(path.getParent());
            if (!Files.isSymbolicLink(path)) {
                break;
            }
            try {
                path = path.getParent().resolve(Files.readSymbolicLink(path));
            } catch (IOException e) {
                break;
            }
        }
        try {
            folders.add(file.toRealPath().getParent());
        } catch (IOException e) {
            // Not there right now (mid-rename): the folders above still see it come back.
        }
        return folders;
    }

    /** Watches the folders the file is reached through now, and stops watching those it no longer is. */
    void sync() throws IOException {
        Set<Path> wanted = of(file);
        for (Path folder : wanted) {
            if (!keys.containsKey(folder) && Files.isDirectory(folder)) {
                keys.put(folder, folder.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
            }
        }
        keys.entrySet().removeIf(entry -> {
            boolean stale = !wanted.contains(entry.getKey());
            // Two paths to one folder share a key: cancel it only when no wanted path uses it
            if (stale && wanted.stream().map(keys::get).noneMatch(entry.getValue()::equals)) {
                entry.getValue().cancel();
            }
            return stale;
        });
        if (keys.isEmpty()) {
            log.warn("config: cannot watch {}: none of its folders exists; send SIGHUP to reload it", file);
        }
    }

    /** A key that is no longer valid (its folder was removed) is forgotten; the next {@link #sync} watches again. */
    void forget(WatchKey key) {
        keys.values().removeIf(key::equals);
    }
}
