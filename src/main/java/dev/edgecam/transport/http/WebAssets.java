package dev.edgecam.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live page's files, read from the jar ({@code /web/}) once at start. The page works offline: it loads
 * nothing from anywhere else. Only the names listed here are served, so no path can reach other resources.
 */
final class WebAssets {

    /** A file of the page. */
    record Asset(String contentType, byte[] bytes) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "stream.js", "text/javascript; charset=utf-8",
            "grid.js", "text/javascript; charset=utf-8",
            "player.js", "text/javascript; charset=utf-8",
            "timeline.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    /**
     * Only this page's own files, and pictures from this server ({@code blob:} for decoded stream frames and the
     * player's Media Source Extensions video; {@code 'self'} in {@code connect-src} covers its WebSocket).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self'";

    private final Map<String, Asset> assets;

    WebAssets() {
        Map<String, Asset> loaded = new java.util.HashMap<>();
        FILES.forEach((name, type) -> loaded.put(name, new Asset(type, read(name))));
        this.assets = Map.copyOf(loaded);
    }

    Asset page() {
        return assets.get("index.html");
    }

    /** The asset named by a path under {@code /assets/}, or {@code null}. */
    Asset byPath(String path) {
        return assets.get(path.substring(Routes.ASSET_PREFIX.length()));
    }

    private static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("HTTP: the page file web/" + name + " is missing from the jar; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP: cannot read web/" + name + " from the jar", e);
        }
    }
}
