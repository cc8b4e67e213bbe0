package dev.edgecam.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code --source} asked for. Accepted forms:
 * <ul>
 *   <li>{@code auto} (default): camera 0 when {@code /dev/video0} exists, else the test pattern until it appears;</li>
 *   <li>{@code test};</li>
 *   <li>{@code camera}, {@code camera:2}, {@code camera:/dev/video2}, or just {@code /dev/video2} or {@code 2}; with
 *   {@code ?format=h264} (such as {@code camera:/dev/video0?format=h264}) a camera is asked for its own H.264, which is
 *   passed through;</li>
 *   <li>{@code file:clip.mp4} or just an existing path;</li>
 *   <li>{@code url:rtsp://…} or just a URL with a scheme ({@code rtsp://}, {@code http://}, …).</li>
 * </ul>
 *
 * @param kind the kind of source
 * @param target device path, file path or URL; empty for {@code test} and {@code auto}
 */
public record SourceSpec(Kind kind, String target) {

    public enum Kind {
        AUTO, TEST, CAMERA, FILE, URL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.+");
    private static final Pattern CAMERA_INDEX = Pattern.compile("\\d{1,3}");

    public static SourceSpec auto() {
        return new SourceSpec(Kind.AUTO, "");
    }

    public static SourceSpec test() {
        return new SourceSpec(Kind.TEST, "");
    }

    /** Parses a {@code --source} value; the exception message says which forms are accepted. */
    public static SourceSpec parse(String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("auto")) {
            return auto();
        }
        if (lower.equals("test")) {
            return test();
        }
        if (lower.equals("camera")) {
            return camera("0");
        }
        if (lower.startsWith("camera:")) {
            return camera(value.substring("camera:".length()));
        }
        if (lower.startsWith("file:")) {
            return nonEmpty(Kind.FILE, value.substring("file:".length()), text);
        }
        if (lower.startsWith("url:")) {
            return nonEmpty(Kind.URL, value.substring("url:".length()), text);
        }
        if (URL_SCHEME.matcher(value).matches()) {
            return new SourceSpec(Kind.URL, value);
        }
        if (CAMERA_INDEX.matcher(value).matches() || value.startsWith("/dev/video")) {
            return camera(value);
        }
        if (!value.isEmpty() && Files.exists(Path.of(value))) {
            return new SourceSpec(Kind.FILE, value);
        }
        throw new IllegalArgumentException("unknown source '" + text + "': use auto, test, camera[:INDEX|:DEVICE], "
                + "file:PATH (or an existing file), or url:URL (or rtsp://…, http://…)");
    }

    private static SourceSpec camera(String device) {
        String trimmed = device.trim();
        int query = trimmed.indexOf('?');
        if (query >= 0) {
            String option = trimmed.substring(query + 1).toLowerCase(Locale.ROOT);
            if (!option.equals("format=h264") && !option.equals("format=mjpeg")) {
                throw new IllegalArgumentException("camera option '" + trimmed.substring(query + 1) + "' is not known:"
                        + " use ?format=h264 (the camera's own H.264, passed through) or ?format=mjpeg");
            }
            return new SourceSpec(Kind.CAMERA, camera(trimmed.substring(0, query)).target() + "?" + option);
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("camera needs an index or a device: camera:0 or camera:/dev/video0");
        }
        return new SourceSpec(Kind.CAMERA, CAMERA_INDEX.matcher(trimmed).matches() ? "/dev/video" + trimmed : trimmed);
    }

    private static SourceSpec nonEmpty(Kind kind, String target, String original) {
        if (target.isBlank()) {
            throw new IllegalArgumentException("source '" + original + "' names no " + kind.label());
        }
        return new SourceSpec(kind, target.trim());
    }

    /** The device of a camera ({@code /dev/video0} of {@code /dev/video0?format=h264}); else the target. */
    public String device() {
        int query = target.indexOf('?');
        return kind == Kind.CAMERA && query >= 0 ? target.substring(0, query) : target;
    }

    /** The format a camera is asked for ({@code h264} or {@code mjpeg}), or null for MJPEG first, else raw. */
    public String cameraFormat() {
        int query = target.indexOf("?format=");
        return kind == Kind.CAMERA && query >= 0 ? target.substring(query + "?format=".length()) : null;
    }

    @Override
    public String toString() {
        return target.isEmpty() ? kind.label() : kind.label() + ":" + target;
    }
}
