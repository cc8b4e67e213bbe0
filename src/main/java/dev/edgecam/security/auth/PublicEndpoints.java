package dev.edgecam.security.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP endpoints anyone may use when authentication is on ({@code --public state,metrics}), by name: the
 * HTTP transport tells {@code HttpAuthHandler} which endpoint a request is for. Naming {@code page} also makes
 * its scripts and styles ({@code asset}) public. Everything else, unknown paths included, needs credentials.
 * Equal when they name the same endpoints, in any order.
 */
public final class PublicEndpoints {

    /** The endpoint names the HTTP transport knows. */
    public static final List<String> NAMES = List.of("page", "asset", "stream", "snapshot", "state", "events",
            "recordings", "metrics", "settings");

    private final Set<String> names;

    private PublicEndpoints(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    public static PublicEndpoints none() {
        return new PublicEndpoints(Set.of());
    }

    /**
     * Parses {@code NAME[,NAME...]}.
     *
     * @throws IllegalArgumentException naming the unknown endpoint and the known ones
     */
    public static PublicEndpoints parse(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("'" + part.strip() + "' is no endpoint; public endpoints are named "
                        + String.join(", ", NAMES));
            }
            names.add(name);
            if (name.equals("page")) {
                names.add("asset");
            }
        }
        return new PublicEndpoints(names);
    }

    /** True when the endpoint named {@code endpoint} (null for an unknown path) needs no credentials. */
    public boolean isPublic(String endpoint) {
        return endpoint != null && names.contains(endpoint.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicEndpoints endpoints && endpoints.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.isEmpty() ? "none" : String.join(",", names);
    }
}
