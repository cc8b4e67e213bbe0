package dev.edgecam.wire.onvif;

/**
 * A WS-Security UsernameToken (OASIS Username Token Profile 1.0) as a SOAP header carries it: the user, and either
 * the password itself ({@code #PasswordText}) or {@code Base64(SHA-1(nonce + created + password))}
 * ({@code #PasswordDigest}, what ONVIF clients send), with the nonce (Base64) and creation time (ISO 8601) it was made
 * from. Fields absent from the header are "".
 *
 * @param user the {@code Username}
 * @param password the {@code Password} element's text: the password, or the Base64 digest when {@code digest}
 * @param digest true for {@code #PasswordDigest}
 * @param nonce the {@code Nonce}, Base64
 * @param created the {@code Created} time, such as {@code 2026-11-30T10:00:00.000Z}
 */
public record UsernameToken(String user, String password, boolean digest, String nonce, String created) {

    /** No password in the log. */
    @Override
    public String toString() {
        return "UsernameToken[user=" + user + ", " + (digest ? "PasswordDigest" : "PasswordText") + "]";
    }
}
