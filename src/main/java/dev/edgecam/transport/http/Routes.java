package dev.edgecam.transport.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * Maps a request target to a {@link Route}. edgecam's own paths are {@code /stream}, {@code /snapshot},
 * {@code /state}, {@code /metrics}, {@code /settings}, {@code /} and {@code /assets/NAME}; the aliases that
 * other MJPEG servers taught people and tools are kept together at the end of this class.
 */
final class Routes {

    static final String ASSET_PREFIX = "/assets/";

    private static final Map<String, Route> PATHS = Map.of(
            "/", Route.PAGE,
            "/index.html", Route.PAGE,
            "/stream", Route.STREAM,
            "/snapshot", Route.SNAPSHOT,
            "/state", Route.STATE,
            "/metrics", Route.METRICS,
            "/settings", Route.SETTINGS);

    /**
     * A resolved request target.
     *
     * @param route the endpoint
     * @param path the decoded path (for {@link Route#ASSET}, the asset's name comes after {@link #ASSET_PREFIX})
     * @param query the decoded query parameters
     */
    record Target(Route route, String path, Map<String, List<String>> query) {

        /** The first value of query parameter {@code name}, or {@code null}. */
        String parameter(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private Routes() {
    }

    /**
     * The target of {@code uri}, or {@code null} when no endpoint has that path (a 404).
     *
     * @throws IllegalArgumentException when {@code uri} cannot be decoded (a bad {@code %} escape), saying where
     */
    static Target resolve(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path = decoder.path();
        Map<String, List<String>> query = decoder.parameters();
        Route route;
        if (isCompatUrl(path, query)) {
            route = compatAlias(path, query);
        } else if (path.startsWith(ASSET_PREFIX)) {
            route = Route.ASSET;
        } else {
            route = PATHS.get(path);
        }
        return route == null ? null : new Target(route, path, query);
    }

    /**
     * The endpoint name of {@code uri} for the login check, or {@code null} for a path with no endpoint or one that
     * cannot be decoded (the login check then asks for a login; a logged-in client gets the 400).
     */
    static String endpointName(String uri) {
        try {
            Target target = resolve(uri);
            return target == null ? null : target.route().endpointName();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    // ---- Compatibility: the URLs of mjpg-streamer (/?action=stream, /?action=snapshot) and of µStreamer and
    // go2rtc (/stream.mjpg, /snapshot.jpg), so edgecam drops in where those ran. Kept together, here only.

    private static final Map<String, Route> COMPAT_PATHS = Map.of(
            "/stream.mjpg", Route.STREAM,
            "/snapshot.jpg", Route.SNAPSHOT);
    private static final Map<String, Route> COMPAT_ACTIONS = Map.of(
            "stream", Route.STREAM,
            "snapshot", Route.SNAPSHOT);

    private static boolean isCompatUrl(String path, Map<String, List<String>> query) {
        return COMPAT_PATHS.containsKey(path) || (PATHS.get(path) == Route.PAGE && query.containsKey("action"));
    }

    /** The endpoint of a compatibility URL; {@code null} for an action edgecam does not have (404, as mjpg-streamer). */
    private static Route compatAlias(String path, Map<String, List<String>> query) {
        Route byPath = COMPAT_PATHS.get(path);
        if (byPath != null) {
            return byPath;
        }
        List<String> action = query.get("action");
        return action.isEmpty() ? null : COMPAT_ACTIONS.get(action.get(0));
    }
}
