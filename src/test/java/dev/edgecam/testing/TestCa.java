package dev.edgecam.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made by a test, as a shop or Home Assistant's Mosquitto add-on has one: its own
 * certificate ({@link #certificateFile()}, what a client is given as {@code cafile}) and the server and client
 * certificates it signs, each written as PEM files (an EC P-256 key, PKCS#8) in the test's folder.
 */
public final class TestCa {

    /** A certificate signed by the CA, and its key, as PEM files. */
    public record Issued(Path certificate, Path key) {
    }

    private final Path dir;
    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path certificateFile;

    private TestCa(Path dir, String name, KeyPair keys, X509Certificate certificate, Path certificateFile) {
        this.dir = dir;
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.certificateFile = certificateFile;
    }

    /** A new CA called {@code name}, its certificate written as {@code NAME-ca.pem} in {@code dir}. */
    public static TestCa create(Path dir, String name) throws Exception {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name + " test CA");
        X509v3CertificateBuilder builder = builder(subject, subject, keys);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = sign(builder, keys);
        Path file = write(dir.resolve(name + "-ca.pem"), certificate);
        return new TestCa(dir, name, keys, certificate, file);
    }

    public Path certificateFile() {
        return certificateFile;
    }

    /**
     * A certificate for {@code commonName} naming these DNS names and IP addresses (for a server's host name check),
     * written as {@code COMMONNAME.pem} and {@code COMMONNAME-key.pem}.
     */
    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses) throws Exception {
        KeyPair leafKeys = newKeys();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name + " test CA"),
                new X500Name("CN=" + commonName), leafKeys);
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate leaf = sign(builder, keys);
        Path certificateFile = write(dir.resolve(commonName + ".pem"), leaf);
        Path keyFile = write(dir.resolve(commonName + "-key.pem"), new JcaPKCS8Generator(leafKeys.getPrivate(), null));
        return new Issued(certificateFile, keyFile);
    }

    /** The CA's certificate object, for a test's own trust store. */
    public X509Certificate certificate() {
        return certificate;
    }

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static Path write(Path file, Object pemObject) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }
}
