package dev.edgecam.server;

import dev.edgecam.transport.security.AccessControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lines a server logs at start about who may connect, over which transport and how. */
final class AccessLog {

    private static final Logger log = LoggerFactory.getLogger(EdgecamServer.class);

    private AccessLog() {
    }

    /** Says at start who may connect, and why the legacy port is off when it is. */
    static void atStart(AccessControl access, SecurityConfig security, boolean noLegacyPort) {
        if (noLegacyPort) {
            log.info("TCP: legacy port is off: {}", !access.legacyPortOpen() && security.authenticationOn()
                    ? "authentication is on and the legacy protocol has no room for credentials; "
                            + "open it for trusted addresses with --legacy-allow CIDR"
                    : !access.legacyPortOpen() ? "no address is allowed" : "no camera has a legacy port");
        } else if (!access.allowed().allowsAnyone() || security.legacyAllow() != null) {
            log.info("TCP: legacy port accepts only {}", access.legacyAllowedText());
        }
        if (!access.allowed().allowsAnyone()) {
            log.info("NET: accepting connections only from {}", access.allowed());
        }
        if (security.tls() != null) {
            log.info("TLS: HTTPS with {}; SHA-256 fingerprint {} (clients pin it with --tls-pin)",
                    security.tls().source(), security.tls().fingerprint());
        }
        if (security.authenticationOn()) {
            log.info("AUTH: HTTP needs a login ({} users: {}); public endpoints: {}", security.users().size(),
                    String.join(", ", security.users().names()), security.publicEndpoints());
        }
    }
}
