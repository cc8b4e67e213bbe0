package dev.edgecam.server;

import dev.edgecam.transport.security.AccessControl;
import dev.edgecam.transport.security.AddressAllowList;
import dev.edgecam.transport.security.ConnectionLimits;

/**
 * Who may use the server and how much each client may take, as {@code edgecam serve}'s security flags ask.
 * Kept apart from {@link ServerConfig} so that the security flags can grow without touching every transport's
 * configuration. {@link #open()} is a server without security flags: anyone, default limits.
 *
 * @param allow addresses every transport accepts ({@code --allow})
 * @param legacyAllow addresses the legacy port accepts ({@code --legacy-allow}), or null when not given:
 *     then anyone without authentication, and nobody (the port stays closed) with it
 * @param limits client limits and timeouts
 */
public record SecurityConfig(AddressAllowList allow, AddressAllowList legacyAllow, ConnectionLimits limits) {

    public static SecurityConfig open() {
        return new SecurityConfig(AddressAllowList.ANYONE, null, ConnectionLimits.defaults());
    }

    /** True when clients must authenticate (the legacy port then needs {@code --legacy-allow}). */
    public boolean authenticationOn() {
        return false;
    }

    /** The access control the transports share. */
    public AccessControl accessControl() {
        AddressAllowList legacy = legacyAllow != null ? legacyAllow
                : authenticationOn() ? AddressAllowList.NOBODY : AddressAllowList.ANYONE;
        return new AccessControl(allow, legacy, limits);
    }

    public SecurityConfig withAllow(AddressAllowList newAllow, AddressAllowList newLegacyAllow) {
        return new SecurityConfig(newAllow, newLegacyAllow, limits);
    }

    public SecurityConfig withLimits(ConnectionLimits newLimits) {
        return new SecurityConfig(allow, legacyAllow, newLimits);
    }
}
