package dev.edgecam.security.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate of {@code serve --tls-self-signed}: an EC P-256 key and a certificate for this host's name,
 * {@code localhost}, 127.0.0.1 and ::1, valid for ten years, made once with BouncyCastle and kept as
 * {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} (readable by the owner only) in the config directory, so
 * its fingerprint stays the same across restarts and clients can pin it.
 */
public final class SelfSignedCertificate {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    public static final String CERTIFICATE_FILE = "tls-cert.pem";
    public static final String KEY_FILE = "tls-key.pem";
    static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path certificateFile;
    private final Path keyFile;

    private SelfSignedCertificate(Path certificateFile, Path keyFile) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /**
     * The pair in {@code directory}; made first when the certificate is not there.
     *
     * @throws IllegalArgumentException when the directory cannot be written, saying which one
     */
    public static SelfSignedCertificate loadOrCreate(Path directory) {
        Path cert = directory.resolve(CERTIFICATE_FILE);
        Path key = directory.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            return new SelfSignedCertificate(cert, key);
        }
        try {
            Files.createDirectories(directory);
            KeyPair pair = newKeyPair();
            X509Certificate certificate = certify(pair, hostName());
            // The key first, created owner-only, so it is never readable by others even for a moment.
            writeOwnerOnly(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            log.info("TLS: made a self-signed certificate {} (key {})", cert, key);
            return new SelfSignedCertificate(cert, key);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot store the self-signed TLS certificate in " + directory + ": "
                    + e.getMessage() + " (check that the directory is writable)");
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certify(KeyPair pair, String host) throws GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500Name("CN=edgecam " + host.replaceAll("[,=+<>#;\"\\\\]", "-"));
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        if (host.matches("[A-Za-z0-9.-]+") && !host.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot add certificate extensions: " + e.getMessage(), e);
        }
        // Signed by the JDK's own provider; BouncyCastle only assembles the certificate.
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    /** This machine's name, read from the kernel: {@code InetAddress.getLocalHost()} may wait seconds for DNS. */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            return name.isEmpty() ? "localhost" : name;
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being made", e);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
