package dev.edgecam.config;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.AllowedHosts;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.transport.security.ServerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The security settings as given (flags or config file), before anything is loaded: {@link #toSecurityConfig()}
 * reads the auth files and certificates, and makes a self-signed certificate when asked. See docs/security.md.
 *
 * @param allow addresses every transport accepts ({@code allow})
 * @param legacyAllow addresses the legacy ports accept, or null when not given
 * @param maxClients most connections at once, all ports together
 * @param maxClientsPerAddress most connections at once from one address, or null for the default share
 * @param idleTimeoutSeconds legacy connections idle this long are closed; 0 never
 * @param requestTimeoutSeconds time for an HTTP request head
 * @param writeTimeoutSeconds a client that accepts nothing this long is dropped
 * @param auth {@code USER:PASSWORD} entries
 * @param authFiles files of hashed passwords and tokens
 * @param publicEndpoints HTTP endpoints open without login
 * @param allowedHosts extra names requests that change something may be addressed to
 * @param tlsCert PEM certificate, or null
 * @param tlsKey PEM key of {@code tlsCert}, or null
 * @param tlsSelfSigned true to make and use a self-signed certificate
 * @param tlsDir where the self-signed certificate is kept, or null for {@link #defaultConfigDirectory()}
 */
public record SecuritySettings(AddressAllowList allow, AddressAllowList legacyAllow, int maxClients,
                               Integer maxClientsPerAddress, long idleTimeoutSeconds, long requestTimeoutSeconds,
                               long writeTimeoutSeconds, List<String> auth, List<Path> authFiles,
                               PublicEndpoints publicEndpoints, List<String> allowedHosts, Path tlsCert, Path tlsKey,
                               boolean tlsSelfSigned, Path tlsDir) {

    public SecuritySettings {
        auth = List.copyOf(auth);
        authFiles = List.copyOf(authFiles);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** No security setting given: anyone may connect, default limits, plain HTTP. */
    public static SecuritySettings defaults() {
        return new SecuritySettings(AddressAllowList.ANYONE, null, ConnectionLimits.DEFAULT_MAX_CLIENTS, null,
                ConnectionLimits.DEFAULT_LEGACY_IDLE_TIMEOUT.toSeconds(),
                ConnectionLimits.DEFAULT_REQUEST_TIMEOUT.toSeconds(), ConnectionLimits.DEFAULT_WRITE_TIMEOUT.toSeconds(),
                List.of(), List.of(), PublicEndpoints.none(), List.of(), null, null, false, null);
    }

    /**
     * Parses an allow-list ({@code 192.168.1.0/24,fd00::/8}) that must name at least one address.
     *
     * @throws IllegalArgumentException saying what is wrong and what to give
     */
    public static AddressAllowList parseAllowList(String value) {
        AddressAllowList list = AddressAllowList.parse(value);
        if (list.allowsNobody()) {
            throw new IllegalArgumentException("'" + value + "' names no address; give at least one, as in 192.168.1.0/24");
        }
        return list;
    }

    /** The per-address limit: as given, else a quarter of {@link #maxClients()} (at most 64). */
    public int effectiveMaxClientsPerAddress() {
        return maxClientsPerAddress != null ? maxClientsPerAddress : ConnectionLimits.defaultPerAddress(maxClients);
    }

    /**
     * What is wrong with the TLS settings taken together, or null when nothing is.
     *
     * @param name how a setting is written where it was given, from its flag's name without dashes
     *     ({@code "tls-cert"}): {@code --tls-cert} for flags, {@code tls_cert} in the config file
     */
    public String tlsConflict(UnaryOperator<String> name) {
        if (tlsSelfSigned && (tlsCert != null || tlsKey != null)) {
            return name.apply("tls-self-signed") + " makes its own certificate; drop it, or drop "
                    + name.apply("tls-cert") + " and " + name.apply("tls-key");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            return name.apply("tls-cert") + " and " + name.apply("tls-key") + " go together; give both";
        }
        return null;
    }

    /**
     * Loads the auth files and the certificate (making a self-signed one when asked) into the server's config.
     *
     * @throws IllegalArgumentException naming what could not be loaded or is wrong, and what to do
     */
    public SecurityConfig toSecurityConfig() {
        ConnectionLimits limits = ConnectionLimits.defaults()
                .withClients(maxClients, effectiveMaxClientsPerAddress())
                .withTimeouts(Duration.ofSeconds(idleTimeoutSeconds), Duration.ofSeconds(requestTimeoutSeconds),
                        Duration.ofSeconds(writeTimeoutSeconds));
        UserStore users = UserStore.of(auth, authFiles);
        AllowedHosts hosts = AllowedHosts.ofThisMachine(allowedHosts);
        String conflict = tlsConflict(n -> "--" + n);
        if (conflict != null) {
            throw new IllegalArgumentException(conflict);
        }
        return new SecurityConfig(allow, legacyAllow, limits, users, publicEndpoints, tls(), hosts);
    }

    private ServerTls tls() {
        if (tlsSelfSigned) {
            return ServerTls.selfSigned(tlsDir != null ? tlsDir : defaultConfigDirectory());
        }
        return tlsCert == null ? null : ServerTls.fromPem(tlsCert, tlsKey);
    }

    /** {@code $XDG_CONFIG_HOME/edgecam}, else {@code ~/.config/edgecam}. */
    public static Path defaultConfigDirectory() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("edgecam");
    }
}
