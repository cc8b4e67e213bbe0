package dev.edgecam.security.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.testing.TestCa;
import dev.edgecam.testing.ToolRun;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client certificate and its key from PEM files: PKCS#8 and the older OpenSSL forms, as the openssl CLI makes them
 * (skipped locally without it, failing in CI), are read; a key of another pair,
 * an encrypted key, a missing file and a file without a key are refused naming the file and what to do.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aPkcs8KeyIsReadWithItsCertificate() throws Exception {
        TestCa.Issued camera = TestCa.create(dir, "shop").issue("camera-door", List.of(), List.of());

        ClientCertificate loaded = ClientCertificate.load(camera.certificate(), camera.key());

        assertThat(loaded.keyManagers()).isNotEmpty();
        assertThat(loaded.subject()).isEqualTo("CN=camera-door");
    }

    /** Keys as Mosquitto's guides make them, by the openssl CLI: RSA and EC, in PKCS#8 and the older forms. */
    @ParameterizedTest
    @CsvSource({"rsa:2048, BEGIN RSA PRIVATE KEY", "ec -pkeyopt ec_paramgen_curve:P-256, BEGIN EC PRIVATE KEY"})
    void keysMadeByOpensslAreReadInBothForms(String newKey, String olderHeader) throws Exception {
        Path certificate = dir.resolve("camera.pem");
        Path pkcs8 = dir.resolve("camera-key.pem");
        List<String> request = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey"));
        request.addAll(List.of(newKey.split(" ")));
        request.addAll(List.of("-keyout", pkcs8.toString(), "-out", certificate.toString(), "-nodes", "-days", "2",
                "-subj", "/CN=camera-door"));
        openssl(request);
        Path older = dir.resolve("camera-key-older.pem");
        openssl(List.of("openssl", "pkey", "-in", pkcs8.toString(), "-out", older.toString(), "-traditional"));
        assertThat(Files.readString(pkcs8)).contains("BEGIN PRIVATE KEY");
        assertThat(Files.readString(older)).contains(olderHeader);

        assertThat(ClientCertificate.load(certificate, pkcs8).subject()).isEqualTo("CN=camera-door");
        assertThat(ClientCertificate.load(certificate, older).subject()).isEqualTo("CN=camera-door");
    }

    @Test
    void aKeyOfAnotherPairAnEncryptedKeyAndMissingFilesAreRefused() throws Exception {
        TestCa ca = TestCa.create(dir, "shop");
        TestCa.Issued camera = ca.issue("camera-door", List.of(), List.of());
        TestCa.Issued yard = ca.issue("camera-yard", List.of(), List.of());

        assertThatThrownBy(() -> ClientCertificate.load(camera.certificate(), yard.key()))
                .hasMessage("the key " + yard.key() + " is not the key of the certificate " + camera.certificate()
                        + ": give the key the certificate was made for");
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path encrypted = write("encrypted-key.pem", rsa, "secret");
        assertThatThrownBy(() -> ClientCertificate.load(camera.certificate(), encrypted))
                .hasMessageStartingWith("the key file " + encrypted + " is encrypted: edgecam needs it unencrypted");
        assertThatThrownBy(() -> ClientCertificate.load(camera.certificate(), dir.resolve("none.pem")))
                .hasMessage("the key file " + dir.resolve("none.pem") + " does not exist: give the path of the PEM file");
        assertThatThrownBy(() -> ClientCertificate.load(camera.certificate(), camera.certificate()))
                .hasMessageStartingWith("the key file " + camera.certificate() + " holds no private key");
        assertThatThrownBy(() -> ClientCertificate.load(camera.key(), camera.key()))
                .hasMessageContaining("the certificate file " + camera.key());
    }

    private static void openssl(List<String> command) throws Exception {
        ToolRun run = ToolRun.run(60, command.toArray(String[]::new));
        assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.output()).isZero();
    }

    private Path write(String name, KeyPair pair, String password) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (password == null) {
                writer.writeObject(pair);
            } else {
                writer.writeObject(pair.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC")
                        .setProvider(new BouncyCastleProvider()).setSecureRandom(new SecureRandom()).build(password.toCharArray()));
            }
        }
        return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.US_ASCII);
    }
}
