package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.PasswordHash;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.ToolRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins to edgecam's own RTSP server with clients nobody here wrote, users from an auth file: alice has a
 * password and a Digest line ({@code edgecam passwd --digest}), bob a password only. GStreamer's rtspsrc
 * ({@code user-id}/{@code user-pw}, its own RTSP stack) logs in and decodes; a wrong password and no credentials
 * are refused with 401; bob, without a Digest entry, is refused to FFmpeg (which answers the Digest challenge, the
 * first offered) and admitted with Basic.
 *
 * <p>curl's command line would be the obvious Basic-only client, but for {@code rtsp://} it sends only OPTIONS
 * (which needs no login here), so Basic is sent by the test's own client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtspLoginClientsTest {

    @TempDir
    static Path dir;
    private static RtspTestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, String.join("\n",
                "alice:" + PasswordHash.of("wonderland".toCharArray(), 1_000),
                "alice:" + UserStore.digestLine("alice", "wonderland".toCharArray()),
                "bob:" + PasswordHash.of("builder".toCharArray(), 1_000), ""), StandardCharsets.UTF_8);
        server = RtspTestServer.start(SecurityConfig.open().withAuth(UserStore.of(List.of(), List.of(file)),
                PublicEndpoints.none()), "cam0");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void gstreamerRtspsrcLogsInWithUserIdAndUserPwAndDecodes() throws Exception {
        ToolRun gst = gst("alice", "wonderland");
        assertThat(gst.exitCode()).as(gst.output()).isZero();
        assertThat(gst.output()).doesNotContainIgnoringCase("error");
    }

    @Test
    void gstreamerWithAWrongPasswordIsRefused() throws Exception {
        ToolRun gst = gst("alice", "looking-glass");
        assertThat(gst.exitCode()).isNotZero();
        assertThat(gst.output()).containsIgnoringCase("unauthorized");
    }

    @Test
    void ffprobeWithoutCredentialsIsRefused() throws Exception {
        ToolRun probe = ffprobe(server.url("cam0"));
        assertThat(probe.exitCode()).isNotZero();
        assertThat(probe.output()).contains("401");
    }

    @Test
    void aUserWithoutADigestEntryIsRefusedDigestAndAdmittedWithBasic() throws Exception {
        ToolRun digest = ffprobe(server.url("cam0").replace("rtsp://", "rtsp://bob:builder@"));
        assertThat(digest.exitCode()).as("FFmpeg answers Digest, which bob has no HA1 for").isNotZero();
        assertThat(digest.output()).contains("401");
        ToolRun alice = ffprobe(server.url("cam0").replace("rtsp://", "rtsp://alice:wonderland@"));
        assertThat(alice.exitCode()).as("the same client with a Digest user: " + alice.output()).isZero();

        try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            String basic = "Basic " + Base64.getEncoder().encodeToString("bob:builder".getBytes(StandardCharsets.UTF_8));
            assertThat(client.request("DESCRIBE", server.url("cam0"), "Authorization: " + basic).status())
                    .isEqualTo(200);
            String wrong = "Basic " + Base64.getEncoder().encodeToString("bob:b".getBytes(StandardCharsets.UTF_8));
            assertThat(client.request("DESCRIBE", server.url("cam0"), "Authorization: " + wrong).status())
                    .isEqualTo(401);
        }
    }

    private static ToolRun gst(String user, String password) throws Exception {
        return ToolRun.run(60, "gst-launch-1.0", "-q", "rtspsrc", "location=" + server.url("cam0"),
                "user-id=" + user, "user-pw=" + password, "protocols=tcp", "latency=100", "!", "rtph264depay", "!",
                "avdec_h264", "!", "fakesink", "num-buffers=30");
    }

    private static ToolRun ffprobe(String url) throws Exception {
        return ToolRun.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name", "-of", "default=nw=1", url);
    }
}
