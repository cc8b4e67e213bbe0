package dev.edgecam.transport.http;

import dev.edgecam.transport.onvif.OnvifService;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a request target to a {@link Route} and the camera it is for. edgecam's own paths are {@code /stream},
 * {@code /snapshot}, {@code /state}, {@code /metrics}, {@code /settings}, {@code /} and {@code /assets/NAME}; the
 * unprefixed stream, snapshot and settings are the first camera's, and {@code /cam/ID/stream},
 * {@code /cam/ID/snapshot}, {@code /cam/ID/settings} (with the same aliases as the unprefixed ones) any camera's.
 * The aliases that other MJPEG servers taught people and tools are kept together at the end of this class.
 */
final class Routes {

    static final String ASSET_PREFIX = "/assets/";
    static final String CAMERA_PREFIX = "/cam/";
    /** The endpoints each camera has under {@code /cam/ID}. */
    private static final List<Route> PER_CAMERA = List.of(Route.STREAM, Route.H264, Route.SNAPSHOT, Route.SETTINGS);

    private static final Map<String, Route> PATHS = Map.of(
            "/", Route.PAGE,
            "/index.html", Route.PAGE,
            "/stream", Route.STREAM,
            "/h264", Route.H264,
            "/snapshot", Route.SNAPSHOT,
            "/state", Route.STATE,
            "/events", Route.EVENTS,
            "/metrics", Route.METRICS,
            "/settings", Route.SETTINGS);

    /**
     * A resolved request target.
     *
     * @param route the endpoint
     * @param path the decoded path (for {@link Route#ASSET}, the asset's name comes after {@link #ASSET_PREFIX})
     * @param query the decoded query parameters
     * @param cameraId the camera named in a {@code /cam/ID/} path, or {@code null} to choose by {@code cameraIndex}
     * @param cameraIndex the camera's place in config order (0 for the unprefixed URLs; N for mjpg-streamer's
     *     {@code ?action=stream_N}), used when {@code cameraId} is null
     */
    record Target(Route route, String path, Map<String, List<String>> query, String cameraId, int cameraIndex) {

        Target(Route route, String path, Map<String, List<String>> query) {
            this(route, path, query, null, 0);
        }

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
        if (path.startsWith(CAMERA_PREFIX)) {
            return cameraTarget(path, query);
        }
        if (isCompatUrl(path, query)) {
            return compatTarget(path, query);
        }
        Route route = path.startsWith(ASSET_PREFIX) ? Route.ASSET
                : path.equals("/recordings") || path.startsWith(RecordingsEndpoint.PREFIX) ? Route.RECORDINGS
                : path.equals(OnvifService.DEVICE_PATH) || path.equals(OnvifService.MEDIA_PATH) ? Route.ONVIF
                : PATHS.get(path);
        return route == null ? null : new Target(route, path, query);
    }

    /**
     * {@code /cam/ID/REST}: the camera's stream, snapshot or settings when {@code /REST} is one of their
     * unprefixed URLs (aliases included), else {@code null}. The id is not checked here: an unknown one gets a 404
     * that names the cameras there are.
     */
    private static Target cameraTarget(String path, Map<String, List<String>> query) {
        String rest = path.substring(CAMERA_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        Target unprefixed = resolveUnprefixed(rest.substring(slash), query);
        if (unprefixed == null || !PER_CAMERA.contains(unprefixed.route()) || unprefixed.cameraIndex() != 0) {
            return null;
        }
        return new Target(unprefixed.route(), path, query, rest.substring(0, slash), 0);
    }

    private static Target resolveUnprefixed(String path, Map<String, List<String>> query) {
        if (isCompatUrl(path, query)) {
            return compatTarget(path, query);
        }
        Route route = PATHS.get(path);
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

    // ---- Compatibility: the URLs of mjpg-streamer (/?action=stream, /?action=snapshot, and stream_N / snapshot_N
    // for its N-th input, from 0) and of µStreamer and go2rtc (/stream.mjpg, /snapshot.jpg), so edgecam drops in
    // where those ran. Kept together, here only.

    /** mjpg-streamer's action for input N: {@code stream_1}, {@code snapshot_0}. */
    private static final Pattern NUMBERED_ACTION = Pattern.compile("(stream|snapshot)_([0-9]{1,4})");

    private static final Map<String, Route> COMPAT_PATHS = Map.of(
            "/stream.mjpg", Route.STREAM,
            "/snapshot.jpg", Route.SNAPSHOT);
    private static final Map<String, Route> COMPAT_ACTIONS = Map.of(
            "stream", Route.STREAM,
            "snapshot", Route.SNAPSHOT);

    private static boolean isCompatUrl(String path, Map<String, List<String>> query) {
        return COMPAT_PATHS.containsKey(path) || (PATHS.get(path) == Route.PAGE && query.containsKey("action"));
    }

    /** The target of a compatibility URL; {@code null} for an action edgecam does not have (404, as mjpg-streamer). */
    private static Target compatTarget(String path, Map<String, List<String>> query) {
        Route byPath = COMPAT_PATHS.get(path);
        if (byPath != null) {
            return new Target(byPath, path, query);
        }
        List<String> action = query.get("action");
        if (action.isEmpty()) {
            return null;
        }
        Route byAction = COMPAT_ACTIONS.get(action.get(0));
        if (byAction != null) {
            return new Target(byAction, path, query);
        }
        Matcher numbered = NUMBERED_ACTION.matcher(action.get(0));
        return numbered.matches() ? new Target(COMPAT_ACTIONS.get(numbered.group(1)), path, query, null,
                Integer.parseInt(numbered.group(2))) : null;
    }
}
