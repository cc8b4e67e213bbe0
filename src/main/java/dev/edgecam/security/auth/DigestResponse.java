package dev.edgecam.security.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The arithmetic of HTTP Digest with MD5 (RFC 2617 section 3.2.2, kept by RFC 7616), which RTSP borrows: what
 * a client's {@code response} must be for a method, URI and nonce. Both forms RTSP clients send are computed:
 * with {@code qop=auth} (nonce count and client nonce mixed in) and without qop (RFC 2069's form, which
 * GStreamer and older live555 clients use).
 */
final class DigestResponse {

    private DigestResponse() {
    }

    /** HA1 = MD5(user:realm:password), lowercase hex: what the server keeps instead of the password. */
    static String ha1(String user, String realm, String password) {
        return md5Hex(user + ":" + realm + ":" + password);
    }

    /**
     * The expected {@code response} value, lowercase hex.
     *
     * @param qop null for the form without qop; else {@code auth} ({@code nc} and {@code cnonce} then count)
     */
    static String expected(String ha1, String method, String uri, String nonce, String qop, String nc, String cnonce) {
        String ha2 = md5Hex(method + ":" + uri);
        return qop == null
                ? md5Hex(ha1 + ":" + nonce + ":" + ha2)
                : md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Compares two hex strings in time that does not depend on where they differ (case-insensitively). */
    static boolean sameHex(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
