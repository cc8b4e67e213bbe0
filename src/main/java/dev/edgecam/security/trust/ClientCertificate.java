package dev.edgecam.security.trust;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A TLS client's own certificate and private key, for a server that asks for one (Mosquitto's
 * {@code require_certificate true}). Both are PEM files as {@code openssl} and Mosquitto's guides make them: the
 * certificate (its chain may follow it in the same file) and an unencrypted key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * or the older RSA or EC form ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}); BouncyCastle reads them.
 */
public final class ClientCertificate {

    private final KeyManager[] keyManagers;
    private final X509Certificate certificate;

    private ClientCertificate(KeyManager[] keyManagers, X509Certificate certificate) {
        this.keyManagers = keyManagers;
        this.certificate = certificate;
    }

    /**
     * Reads and checks the pair.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ClientCertificate load(Path certificateFile, Path keyFile) {
        Certificate[] chain = chain(ReadableFile.require(certificateFile, "the certificate file"));
        PrivateKey key = privateKey(ReadableFile.require(keyFile, "the key file"));
        if (!belongTogether(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException("the key " + keyFile + " is not the key of the certificate "
                    + certificateFile + ": give the key the certificate was made for");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] noPassword = new char[0];
            store.setKeyEntry("client", key, noPassword, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, noPassword);
            return new ClientCertificate(factory.getKeyManagers(), (X509Certificate) chain[0]);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the certificate " + certificateFile + " and the key " + keyFile
                    + " cannot be used together: " + e.getMessage(), e);
        }
    }

    /** For {@code SSLContext.init}: offers this certificate when the server asks for one. */
    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    /** Its subject, for logs. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    /** Whether {@code key} signs what {@code publicKey} verifies: the only sure test that they are one pair. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // Ed25519 and others: the handshake will tell
        }
        try {
            byte[] probe = "edgecam client certificate check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Certificate[] chain(Path file) {
        try (var in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the certificate file " + file + " holds no certificate (PEM, BEGIN "
                        + "CERTIFICATE)");
            }
            return certificates.toArray(Certificate[]::new);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the certificate file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate file " + file + " is not PEM certificates: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        Object pem;
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IllegalArgumentException("the key file " + file + " is encrypted: edgecam needs it unencrypted"
                    + " (openssl pkey -in KEY -out KEY.plain), readable only by edgecam's user");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) { // the older OpenSSL form; an EC key may leave its public part out
                return pair.getPublicKeyInfo() == null ? converter.getPrivateKey(pair.getPrivateKeyInfo())
                        : converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the key file " + file + " holds a key edgecam cannot use: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the key file " + file + " holds no private key (PEM, BEGIN PRIVATE KEY, "
                + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }
}
