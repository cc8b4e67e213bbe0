package dev.edgecam.server;

import dev.edgecam.camera.Camera;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.hub.SourceStatus;
import dev.edgecam.transport.ClientRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one status line every few seconds for one camera: capture and encode rates, clients, bitrate and dropped
 * frames over the last interval. A server with several cameras has one reporter each, and the lines name them.
 */
final class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final Camera camera;
    private final PipelineStats stats;
    private final ClientRegistry clients;
    /** Empty, or the camera's id and a space when the server has several. */
    private final String label;
    private final ScheduledExecutorService timer;
    private long lastNanos = System.nanoTime();
    private long lastCaptured;
    private long lastPublished;
    private long lastH264Published;
    private long lastBytesSent;
    private long lastSkipped;

    /** @param nameCamera true when the line should name the camera (a server with several) */
    StatusReporter(Camera camera, ClientRegistry clients, Duration interval, boolean nameCamera) {
        this.camera = camera;
        this.stats = camera.stats();
        this.clients = clients;
        this.label = nameCamera ? "camera " + camera.id() + " " : "";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgecam-status-" + camera.id());
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            log.info(line());
        } catch (RuntimeException e) {
            log.warn("STATUS: could not report: {}", e.toString());
        }
    }

    String line() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long captured = stats.captured.sum();
        long published = stats.published.sum();
        long h264Published = stats.h264Published.sum();
        long bytesSent = clients.totalBytesSent();
        long skipped = clients.totalFramesSkipped();
        SourceStatus source = camera.status();
        String line = String.format(Locale.ROOT,
                "STATUS: %ssource %s | capture %.1f fps | jpeg %.1f fps | h264 %.1f fps | clients %d (%s) | sent %.2f Mbit/s | dropped %d",
                label, source.online() ? "online" : "OFFLINE (" + source.lastError() + ")",
                (captured - lastCaptured) / seconds, (published - lastPublished) / seconds,
                (h264Published - lastH264Published) / seconds,
                clients.count(), perTransport(),
                (bytesSent - lastBytesSent) * 8 / seconds / 1e6, skipped - lastSkipped);
        lastNanos = now;
        lastCaptured = captured;
        lastPublished = published;
        lastH264Published = h264Published;
        lastBytesSent = bytesSent;
        lastSkipped = skipped;
        return line;
    }

    /** {@code tcp 0, http 1}: every transport, so the line keeps its shape whoever is connected. */
    private String perTransport() {
        return clients.countByTransport().entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
