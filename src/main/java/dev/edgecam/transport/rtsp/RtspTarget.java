package dev.edgecam.transport.rtsp;

import dev.edgecam.transport.ServedCamera;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * What an RTSP request URL names: {@code rtsp://HOST:PORT/ID} (a camera's stream, the aggregate), or
 * {@code rtsp://HOST:PORT/ID/trackID=0} (its one video track, the control URL of the SDP), or {@code /stream} for the
 * first camera. A query is ignored.
 *
 * @param camera the camera named
 * @param base the camera's URL with a slash at the end: the {@code Content-Base} its SDP's controls resolve against
 */
record RtspTarget(ServedCamera camera, String base) {

    /** The SDP's {@code a=control} of the video track, relative to {@link #base()}. */
    static final String TRACK_CONTROL = "trackID=0";
    /** The path that names the first camera. */
    static final String FIRST_CAMERA_PATH = "stream";

    /**
     * The target of {@code uri}, or null when it names no camera or track of {@code cameras} (a 404).
     */
    static RtspTarget of(String uri, List<ServedCamera> cameras) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
        String path = parsed.getRawPath();
        if (path == null || cameras.isEmpty()) {
            return null;
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/+");
        if (segments.length == 0 || segments.length > 2 || segments[0].isEmpty()) {
            return null;
        }
        if (segments.length == 2 && !segments[1].toLowerCase(Locale.ROOT).startsWith("trackid=0")) {
            return null;
        }
        ServedCamera camera = cameras.stream().filter(c -> c.id().equals(segments[0])).findFirst()
                .orElse(segments[0].equals(FIRST_CAMERA_PATH) ? cameras.get(0) : null);
        if (camera == null) {
            return null;
        }
        String scheme = parsed.getScheme() == null ? "rtsp" : parsed.getScheme();
        String authority = parsed.getRawAuthority() == null ? "" : parsed.getRawAuthority();
        return new RtspTarget(camera, scheme + "://" + authority + "/" + segments[0] + "/");
    }

    /** The text of a 404: what exists instead. */
    static String notFound(String uri, List<ServedCamera> cameras) {
        return "no camera at " + uri + "; the cameras are rtsp://HOST:PORT/ID for ID in "
                + cameras.stream().map(ServedCamera::id).toList() + ", and rtsp://HOST:PORT/" + FIRST_CAMERA_PATH
                + " for the first\r\n";
    }
}
