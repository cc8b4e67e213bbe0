package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.RtspAuthenticator.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real RTSP clients log in through {@link RtspAuthenticator}: FFmpeg's ffprobe and GStreamer's rtspsrc (two
 * independent RTSP stacks) against a tiny responder on loopback that answers OPTIONS, asks for a login on
 * DESCRIBE with our challenges, and once the login is accepted answers 404 so the client stops. The RTSP server
 * proper (transport/rtsp) is not needed for this: what is tested is that the headers real clients compute from
 * our challenges are accepted, and wrong passwords are not. The two cover both Digest forms: ffprobe (FFmpeg 5.1)
 * answers with {@code qop="auth"}, nc and cnonce; rtspsrc (GStreamer 1.22) without qop, and with a wrong password
 * it tries again with each new nonce (eight times here) until it gives up.
 */
@Timeout(120)
class RtspAuthClientsTest {

    private static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
    private static final Path GST_LAUNCH = Path.of("/usr/bin/gst-launch-1.0");

    /** One request the responder saw: its method, the scheme of its Authorization (or "none"), the verdict. */
    private record Seen(String method, String authorization, Outcome outcome) {
        String scheme() {
            return authorization == null ? "none" : authorization.split(" ")[0];
        }
    }

    private HttpAuthenticator logins;
    private RtspAuthenticator rtsp;
    private ServerSocket server;
    private Thread responder;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        logins = HttpAuthenticator.of(UserStore.of(List.of("alice:right-password"), List.of()), PublicEndpoints.none());
        rtsp = new RtspAuthenticator(logins);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            responder.join(10_000);
        }
        logins.close();
    }

    @Test
    void ffprobeLogsInWithDigest() throws Exception {
        int port = respond(true);
        ffprobe("alice", "right-password", port);
        assertLoggedInWith("Digest");
    }

    @Test
    void ffprobeLogsInWithBasicWhenOnlyBasicIsOffered() throws Exception {
        int port = respond(false);
        ffprobe("alice", "right-password", port);
        assertLoggedInWith("Basic");
    }

    @Test
    void ffprobeWithAWrongPasswordIsRefused() throws Exception {
        int port = respond(true);
        ffprobe("alice", "wrong-password", port);
        assertRefusedOnly();
    }

    @Test
    void gstreamerRtspsrcLogsInWithDigest() throws Exception {
        int port = respond(true);
        gstreamer("alice", "right-password", port);
        assertLoggedInWith("Digest");
    }

    @Test
    void gstreamerWithAWrongPasswordIsRefused() throws Exception {
        int port = respond(true);
        gstreamer("alice", "wrong-password", port);
        assertRefusedOnly();
    }

    private void assertLoggedInWith(String scheme) {
        assertThat(accepted()).as("requests seen: " + seen).anySatisfy(s -> assertThat(s.scheme()).isEqualTo(scheme));
    }

    private void assertRefusedOnly() {
        assertThat(accepted()).as("requests seen: " + seen).isEmpty();
        assertThat(seen).anySatisfy(s -> assertThat(s.outcome()).isEqualTo(Outcome.REJECTED));
    }

    private List<Seen> accepted() {
        synchronized (seen) {
            return seen.stream().filter(s -> s.outcome() == Outcome.ACCEPTED).toList();
        }
    }

    private void ffprobe(String user, String password, int port) throws Exception {
        assumeInstalled(FFPROBE, "ffmpeg");
        run(List.of(FFPROBE.toString(), "-v", "error", "-rtsp_transport", "tcp",
                "rtsp://" + user + ":" + password + "@127.0.0.1:" + port + "/cam"));
    }

    private void gstreamer(String user, String password, int port) throws Exception {
        assumeInstalled(GST_LAUNCH, "gstreamer1.0-tools and gstreamer1.0-plugins-good");
        run(List.of(GST_LAUNCH.toString(), "-q", "rtspsrc", "location=rtsp://127.0.0.1:" + port + "/cam",
                "user-id=" + user, "user-pw=" + password, "protocols=tcp", "retry=1", "!", "fakesink"));
    }

    /** Runs a client until it gives up (the responder never gives it a stream), at most 30 s. */
    private static void run(List<String> command) throws Exception {
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts the responder on a free loopback port; {@code digest} false offers Basic only. */
    private int respond(boolean digest) throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        server.setSoTimeout(30_000);
        responder = new Thread(() -> {
            for (int connection = 0; connection < 8; connection++) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(20_000);
                    converse(socket, digest);
                } catch (SocketTimeoutException e) {
                    return;
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "fake-rtsp-responder");
        responder.start();
        return server.getLocalPort();
    }

    /** Answers at most 20 requests on one connection. */
    private void converse(Socket socket, boolean digest) throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        for (int request = 0; request < 20; request++) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            String[] requestLine = line.split(" ");
            String cseq = "0";
            String authorization = null;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).strip();
                if (name.equals("cseq")) {
                    cseq = value;
                } else if (name.equals("authorization")) {
                    authorization = value;
                }
            }
            String method = requestLine[0];
            StringBuilder reply = new StringBuilder();
            if (method.equals("OPTIONS")) {
                reply.append("RTSP/1.0 200 OK\r\nCSeq: ").append(cseq)
                        .append("\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n");
            } else {
                Outcome outcome = rtsp.check(method, requestLine[1], authorization, socket.getInetAddress(), () -> true).join();
                seen.add(new Seen(method, authorization, outcome));
                if (outcome == Outcome.ACCEPTED) {
                    reply.append("RTSP/1.0 404 Not Found\r\nCSeq: ").append(cseq).append("\r\n\r\n");
                } else {
                    reply.append("RTSP/1.0 401 Unauthorized\r\nCSeq: ").append(cseq).append("\r\n");
                    List<String> challenges = rtsp.challenges(outcome == Outcome.STALE);
                    for (String challenge : digest ? challenges : challenges.subList(1, 2)) {
                        reply.append("WWW-Authenticate: ").append(challenge).append("\r\n");
                    }
                    reply.append("\r\n");
                }
            }
            out.write(reply.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Skips the test without the client on a developer's machine; fails it in CI, where .ci/run's image has it. */
    private static void assumeInstalled(Path client, String debianPackages) throws Exception {
        boolean present = Files.isExecutable(client) && (!client.equals(GST_LAUNCH) || rtspsrcInstalled());
        String missing = client + " is missing: install Debian's " + debianPackages;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(present, missing);
    }

    private static boolean rtspsrcInstalled() throws Exception {
        Process inspect = new ProcessBuilder("gst-inspect-1.0", "rtspsrc").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!inspect.waitFor(30, TimeUnit.SECONDS)) {
            inspect.destroyForcibly();
            return false;
        }
        return inspect.exitValue() == 0;
    }
}
