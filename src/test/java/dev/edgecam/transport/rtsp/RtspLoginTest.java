package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.ToolRun;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With users configured, RTSP asks for a login (Digest and Basic) against the same user store as HTTP. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RtspLoginTest {

    private static SecurityConfig withAlice() {
        return SecurityConfig.open().withAuth(UserStore.of(List.of("alice:wonderland"), List.of()),
                PublicEndpoints.none());
    }

    @Test
    void describeWithoutLoginIs401OfferingDigestAndBasicAndBasicIsAccepted() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(withAlice(), "cam0");
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            RtspTestClient.Response refused = client.request("DESCRIBE", server.url("cam0"));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("www-authenticate")).isNotNull();
            String basic = "Basic " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
            assertThat(client.request("DESCRIBE", server.url("cam0"), "Authorization: " + basic).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void ffprobeLogsInWithTheRightPasswordOnly() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(withAlice(), "cam0")) {
            String port = String.valueOf(server.server.rtspPort());
            ToolRun right = ToolRun.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                    "stream=codec_name", "-of", "default=nw=1", "rtsp://alice:wonderland@127.0.0.1:" + port + "/cam0");
            assertThat(right.exitCode()).as(right.output()).isZero();
            assertThat(right.output()).contains("codec_name=h264");
            ToolRun wrong = ToolRun.run(60, "ffprobe", "-v", "error", "-rtsp_transport", "tcp",
                    "rtsp://alice:looking-glass@127.0.0.1:" + port + "/cam0");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.output()).contains("401");
        }
    }
}
