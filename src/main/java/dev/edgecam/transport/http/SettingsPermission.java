package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who may change the picture for everyone ({@code PUT /settings}), and what the page tells its viewer about it.
 *
 * <ul>
 *   <li>{@code --read-only-settings}: nobody; a change gets 403 and the page shows the settings read-only.</li>
 *   <li>With logins on ({@code --auth}, {@code --auth-file}): logged-in users. The login check sits before this
 *       one ({@code HttpAuthHandler}) and asks for a login for every change, even when {@code settings} is one
 *       of the {@code --public} endpoints, so only logged-in users get this far.</li>
 *   <li>Otherwise anyone who can reach the server; the page says so, so nobody is surprised.</li>
 * </ul>
 */
final class SettingsPermission {

    /** The 403 body's reason when changes are off. */
    static final String READ_ONLY_REASON = "this server's settings are read-only (it was started with "
            + "--read-only-settings); restart it without that flag to change quality, size or frame-rate cap";

    private final boolean readOnly;
    private final boolean loginRequired;

    /**
     * @param readOnly true for {@code --read-only-settings}
     * @param loginRequired true when every change needs a login (authentication is on)
     */
    SettingsPermission(boolean readOnly, boolean loginRequired) {
        this.readOnly = readOnly;
        this.loginRequired = loginRequired;
    }

    /** Why a change is refused, or {@code null} when it may go ahead. */
    String refusal() {
        return readOnly ? READ_ONLY_REASON : null;
    }

    /**
     * For {@code /state}: {@code {"changeable": true, "changedBy": "anyone"}}, where {@code changedBy} is
     * {@code anyone} (no logins: anyone on the network), {@code users} (logged-in users) or {@code nobody}.
     */
    void describeIn(ObjectNode node) {
        node.put("changeable", !readOnly);
        node.put("changedBy", readOnly ? "nobody" : loginRequired ? "users" : "anyone");
    }
}
