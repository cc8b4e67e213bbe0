package dev.edgecam.security.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding), as browsers and {@code openssl x509
 * -fingerprint -sha256} show it: {@code AB:CD:...}, 32 bytes. The server prints it for
 * {@code --tls-self-signed}; the client pins it with {@code --tls-pin}, given with or without colons, in any case.
 */
public final class CertificateFingerprint {

    private final byte[] sha256;

    private CertificateFingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    public static CertificateFingerprint of(X509Certificate certificate) {
        try {
            return new CertificateFingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Parses 64 hex digits, with or without colons ({@code sha256:} or {@code SHA256=} in front are allowed).
     *
     * @throws IllegalArgumentException saying what a fingerprint looks like
     */
    public static CertificateFingerprint parse(String text) {
        String hex = text.strip().toLowerCase(Locale.ROOT).replaceFirst("^sha-?256[:=]", "").replace(":", "");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 fingerprint; give the 64 hex digits "
                    + "the server printed at start, with or without colons (AB:CD:...)");
        }
        return new CertificateFingerprint(HexFormat.of().parseHex(hex));
    }

    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(sha256, of(certificate).sha256);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint f && MessageDigest.isEqual(f.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256);
    }

    /** {@code AB:CD:...}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }
}
