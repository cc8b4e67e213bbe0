package dev.edgecam.server;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.AllowedHosts;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.auth.HttpAuthenticator;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.ServerTls;
import java.util.List;

/**
 * Who may use the server and how much each client may take, as {@code edgecam serve}'s security flags ask.
 * Kept apart from {@link ServerConfig} so that the security flags can grow without touching every transport's
 * configuration. {@link #open()} is a server without security flags: anyone, default limits.
 *
 * @param allow addresses every transport accepts ({@code --allow})
 * @param legacyAllow addresses the legacy port accepts ({@code --legacy-allow}), or null when not given:
 *     then anyone without authentication, and nobody (the port stays closed) with it
 * @param limits client limits and timeouts
 * @param users who may log in over HTTP ({@code --auth}, {@code --auth-file}); empty: authentication off
 * @param publicEndpoints HTTP endpoints open without credentials when authentication is on ({@code --public})
 * @param tls the HTTPS certificate and key, or null to serve plain HTTP
 * @param allowedHosts the names HTTP requests that change something may be addressed to ({@code --allowed-host}
 *     and this machine's own)
 */
public record SecurityConfig(AddressAllowList allow, AddressAllowList legacyAllow, ConnectionLimits limits,
                             UserStore users, PublicEndpoints publicEndpoints, ServerTls tls,
                             AllowedHosts allowedHosts) {

    public static SecurityConfig open() {
        return new SecurityConfig(AddressAllowList.ANYONE, null, ConnectionLimits.defaults(), UserStore.none(),
                PublicEndpoints.none(), null, AllowedHosts.ofThisMachine(List.of()));
    }

    /** True when clients must authenticate (the legacy port then needs {@code --legacy-allow}). */
    public boolean authenticationOn() {
        return !users.isEmpty();
    }

    /** The HTTP authenticator, or null when authentication is off; the caller closes it. */
    public HttpAuthenticator newAuthenticator(AccessControl access) {
        return authenticationOn()
                ? new HttpAuthenticator(users, publicEndpoints, access.refusals(), access.limiter()::loggedIn) : null;
    }

    /** The access control the transports share. */
    public AccessControl accessControl() {
        AddressAllowList legacy = legacyAllow != null ? legacyAllow
                : authenticationOn() ? AddressAllowList.NOBODY : AddressAllowList.ANYONE;
        return new AccessControl(allow, legacy, limits, allowedHosts, authenticationOn());
    }

    public SecurityConfig withAllow(AddressAllowList newAllow, AddressAllowList newLegacyAllow) {
        return new SecurityConfig(newAllow, newLegacyAllow, limits, users, publicEndpoints, tls, allowedHosts);
    }

    public SecurityConfig withLimits(ConnectionLimits newLimits) {
        return new SecurityConfig(allow, legacyAllow, newLimits, users, publicEndpoints, tls, allowedHosts);
    }

    public SecurityConfig withAuth(UserStore newUsers, PublicEndpoints newPublicEndpoints) {
        return new SecurityConfig(allow, legacyAllow, limits, newUsers, newPublicEndpoints, tls, allowedHosts);
    }

    public SecurityConfig withTls(ServerTls newTls) {
        return new SecurityConfig(allow, legacyAllow, limits, users, publicEndpoints, newTls, allowedHosts);
    }
}
