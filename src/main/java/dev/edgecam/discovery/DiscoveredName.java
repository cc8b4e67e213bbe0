package dev.edgecam.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A camera named the way {@code edgecam discover} lists it, as client commands accept it: {@code ID}
 * ({@code shop-door}) or {@code ID@SERVER} ({@code door@shop-pi}, {@code door@shop-pi.local}), or the instance name
 * ({@code "edgecam door on shop-pi"}). Told apart from a server address by its form: a name has an {@code @}, or is
 * one word without a dot, a colon or a slash (so {@code camera.local}, {@code 192.168.1.20}, {@code localhost} and
 * {@code HOST:PORT} stay addresses; a legacy server known by a one-word name is written {@code NAME:6810}).
 */
public final class DiscoveredName {

    /** How long a bare id waits after its first answer for another server with a camera of that id. */
    static final Duration AMBIGUITY_WAIT = Duration.ofMillis(500);

    private DiscoveredName() {
    }

    /**
     * Browses for the camera {@code name} means: stops as soon as it answers ({@code ID@SERVER}) or half a second
     * after (a bare {@code ID}, in case two servers have it), else at {@code timeout}.
     *
     * @throws IllegalArgumentException when none or several cameras match; the message lists what answered
     * @throws IOException when no interface could browse
     */
    public static FoundCamera resolve(String name, List<InetAddress> on, Duration timeout)
            throws IOException, InterruptedException {
        boolean unique = name.contains("@") || name.trim().startsWith("edgecam ");
        long[] firstMatchNanos = {0};
        List<FoundCamera> found = CameraBrowser.browse(on, timeout, cameras -> {
            if (cameras.stream().noneMatch(camera -> matches(name, camera))) {
                return false;
            }
            if (unique) {
                return true;
            }
            if (firstMatchNanos[0] == 0) {
                firstMatchNanos[0] = System.nanoTime();
            }
            return System.nanoTime() - firstMatchNanos[0] >= AMBIGUITY_WAIT.toNanos();
        });
        return pick(name, found);
    }

    /** True when {@code argument} is to be looked up on the LAN rather than connected to. */
    public static boolean isName(String argument) {
        String text = argument == null ? "" : argument.trim();
        if (text.isEmpty() || text.contains("://") || text.contains("/") || text.equalsIgnoreCase("localhost")) {
            return false;
        }
        if (text.startsWith("edgecam ") && text.contains(" on ")) {
            return true;
        }
        int at = text.indexOf('@');
        if (at > 0 && at < text.length() - 1 && text.indexOf('@', at + 1) < 0) {
            return !text.contains(":");
        }
        return text.indexOf('.') < 0 && text.indexOf(':') < 0 && text.chars().noneMatch(Character::isWhitespace);
    }

    /** True when {@code camera} is the one {@code name} means (case does not matter, nor a {@code .local} suffix). */
    public static boolean matches(String name, FoundCamera camera) {
        String text = name.trim().toLowerCase(Locale.ROOT);
        String id = camera.id().toLowerCase(Locale.ROOT);
        String server = stripLocal(camera.server().toLowerCase(Locale.ROOT));
        if (text.startsWith("edgecam ")) {
            return text.equals("edgecam " + id + " on " + server);
        }
        int at = text.indexOf('@');
        if (at < 0) {
            return text.equals(id);
        }
        return text.substring(0, at).equals(id) && stripLocal(text.substring(at + 1)).equals(server);
    }

    /**
     * The one camera {@code name} means among {@code found}.
     *
     * @throws IllegalArgumentException when none or several match; the message lists what was found
     */
    public static FoundCamera pick(String name, List<FoundCamera> found) {
        List<FoundCamera> matching = found.stream().filter(camera -> matches(name, camera)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' is a camera of several servers: "
                    + matching.stream().map(FoundCamera::name).collect(Collectors.joining(", ")) + "; give one of them");
        }
        String seen = found.isEmpty() ? "no edgecam camera answered"
                : "found " + found.stream().map(camera -> camera.name() + " (" + camera.streamUrl() + ")")
                        .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("no camera named '" + name + "' on the LAN (" + seen + "). Give one of "
                + "those names, HOST:PORT for a legacy server, or a URL; 'edgecam discover' lists the cameras");
    }

    private static String stripLocal(String host) {
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return bare.endsWith(".local") ? bare.substring(0, bare.length() - ".local".length()) : bare;
    }
}
