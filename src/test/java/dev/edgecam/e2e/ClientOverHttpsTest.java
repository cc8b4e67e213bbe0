package dev.edgecam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.security.tls.SelfSignedCertificate;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.CommandRun;
import dev.edgecam.testing.TestServers;
import dev.edgecam.transport.security.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edgecam client against a server with a self-signed certificate and logins: {@code edgecam snapshot
 * https://...} with a pinned fingerprint or the certificate as CA file, a password in the URL or a token.
 */
@Timeout(90)
class ClientOverHttpsTest {

    @TempDir
    Path dir;
    private EdgecamServer server;
    private ServerTls tls;
    private String token;

    @BeforeEach
    void start() throws Exception {
        tls = ServerTls.selfSigned(dir.resolve("config"));
        token = UserStore.newToken();
        Path users = Files.writeString(dir.resolve("users"), "nvr:" + UserStore.tokenLine(token) + "\n");
        server = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0),
                SecurityConfig.open().withAuth(UserStore.of(List.of("alice:wonder land"), List.of(users)),
                        PublicEndpoints.none()).withTls(tls));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String userInfo) {
        return "https://" + userInfo + "127.0.0.1:" + server.httpPort() + "/stream";
    }

    @Test
    void aPinnedSnapshotWithThePasswordInTheUrl() {
        CommandRun run = new CommandRun();
        Path jpeg = dir.resolve("pinned.jpg");
        assertThat(run.execute("snapshot", url("alice:wonder%20land@"), "--tls-pin", tls.fingerprint().toString(),
                "-o", jpeg.toString())).as(run.err()).isZero();
        assertThat(run.out()).contains("saved 320x240 JPEG");
        assertThat(jpeg).isNotEmptyFile();
    }

    @Test
    void aTokenAndTheCertificateAsCaFile() {
        CommandRun run = new CommandRun();
        Path jpeg = dir.resolve("ca.jpg");
        assertThat(run.execute("snapshot", url(""), "--token", token, "--tls-ca",
                dir.resolve("config").resolve(SelfSignedCertificate.CERTIFICATE_FILE).toString(), "-o", jpeg.toString()))
                .as(run.err()).isZero();
        assertThat(jpeg).isNotEmptyFile();
    }

    @Test
    void aWrongPinNoLoginOrAWrongPasswordFailWithWhatToDo() {
        CommandRun wrongPin = new CommandRun();
        assertThat(wrongPin.execute("snapshot", url("alice:wonder%20land@"), "--tls-pin", "AB".repeat(32),
                "-o", dir.resolve("x.jpg").toString())).isEqualTo(1);
        assertThat(wrongPin.err()).contains("is not the pinned");

        CommandRun noLogin = new CommandRun();
        assertThat(noLogin.execute("snapshot", url(""), "--tls-pin", tls.fingerprint().toString(),
                "-o", dir.resolve("y.jpg").toString())).isEqualTo(1);
        assertThat(noLogin.err()).contains("asks for a login").contains("USER:PASSWORD@");

        CommandRun wrong = new CommandRun();
        assertThat(wrong.execute("snapshot", url("alice:guess@"), "--tls-pin", tls.fingerprint().toString(),
                "-o", dir.resolve("z.jpg").toString())).isEqualTo(1);
        assertThat(wrong.err()).contains("refused the login").doesNotContain("guess");

    }

    @Test
    void withoutAPinTheErrorGivesTheOfferedFingerprintAsTlsPinTakesIt() {
        CommandRun systemCas = new CommandRun();
        assertThat(systemCas.execute("snapshot", url("alice:wonder%20land@"), "-o", dir.resolve("w.jpg").toString()))
                .isEqualTo(1);
        assertThat(systemCas.err()).isEqualTo("edgecam: no snapshot from " + url("alice@") + ": the server's certificate "
                + "is not signed by the system's certificate authorities (a self-signed camera?): compare its SHA-256 "
                + "fingerprint with the one the server logs at start and, if they are the same, trust it with --tls-pin "
                + tls.fingerprint() + "\n");
        assertThat(systemCas.err()).doesNotContain("wonder");
        assertThat(dir.resolve("w.jpg")).doesNotExist();

        // The line works as printed.
        CommandRun pinned = new CommandRun();
        String pin = systemCas.err().strip().replaceFirst(".*--tls-pin ", "");
        assertThat(pinned.execute("snapshot", url("alice:wonder%20land@"), "--tls-pin", pin,
                "-o", dir.resolve("w.jpg").toString())).as(pinned.err()).isZero();
    }

    @Test
    void plainHttpToTheHttpsPortSaysToUseHttps() {
        CommandRun run = new CommandRun();
        String plainUrl = "http://alice:wonder%20land@127.0.0.1:" + server.httpPort() + "/stream";

        assertThat(run.execute("snapshot", plainUrl, "-o", dir.resolve("p.jpg").toString())).isEqualTo(1);
        assertThat(run.err()).isEqualTo("edgecam: no snapshot from http://alice@127.0.0.1:" + server.httpPort()
                + "/stream: http://127.0.0.1:" + server.httpPort() + " speaks HTTPS, not plain HTTP: use https://127.0.0.1:"
                + server.httpPort() + "/stream\n");
    }

    @Test
    void httpsToAPlainHttpPortSaysToUseHttp() throws Exception {
        try (EdgecamServer plain = EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0))) {
            CommandRun run = new CommandRun();
            String where = "127.0.0.1:" + plain.httpPort();

            assertThat(run.execute("snapshot", "https://" + where + "/stream", "-o", dir.resolve("s.jpg").toString()))
                    .isEqualTo(1);
            assertThat(run.err()).isEqualTo("edgecam: no snapshot from https://" + where + "/stream: https://" + where
                    + " does not speak HTTPS (its answer is not TLS; an edgecam serve without --tls-self-signed or "
                    + "--tls-cert serves plain HTTP): use http://" + where + "/stream\n");
        }
    }
}
