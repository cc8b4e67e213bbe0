package dev.edgecam.server;

import dev.edgecam.camera.CameraConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's own stages (the camera, its legacy port, its status line) in start order, so a reload can stop one
 * camera alone, in reverse order, as the server stops all of them at shutdown. Not thread-safe: the server guards it.
 */
final class CameraStages {

    private static final Logger log = LoggerFactory.getLogger(EdgecamServer.class);

    private final Map<String, List<AutoCloseable>> byCamera = new HashMap<>();

    <T extends AutoCloseable> T add(String cameraId, T stage) {
        byCamera.computeIfAbsent(cameraId, id -> new ArrayList<>()).add(stage);
        return stage;
    }

    /** Closes the stages of {@code cameraId}, the last started first, and forgets them; returns what it closed. */
    List<AutoCloseable> stop(String cameraId) {
        List<AutoCloseable> its = byCamera.getOrDefault(cameraId, List.of());
        byCamera.remove(cameraId);
        for (int i = its.size() - 1; i >= 0; i--) {
            closeLogged(its.get(i));
        }
        return its;
    }

    /** Closes one stage; a failure is logged, never thrown, so the stages after it are closed too. */
    static void closeLogged(AutoCloseable stage) {
        try {
            stage.close();
        } catch (Exception e) {
            log.warn("SERVER: closing {} failed: {}", stage.getClass().getSimpleName(), e.toString());
        }
    }

    /** @throws IllegalArgumentException when there is no camera, or two share an id */
    static void requireDistinctIds(List<CameraConfig> cameras) {
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one camera");
        }
        Set<String> ids = new HashSet<>();
        for (CameraConfig camera : cameras) {
            if (!ids.add(camera.id())) {
                throw new IllegalArgumentException("two cameras are named " + camera.id() + "; give each its own id");
            }
        }
    }
}
