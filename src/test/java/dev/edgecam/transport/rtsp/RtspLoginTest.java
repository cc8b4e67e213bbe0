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

    @Test
    void onlyTheSessionsOwnConnectionOrALoginMayPauseOrTearItDown() throws Exception {
        String basic = "Authorization: Basic "
                + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));
        try (RtspTestServer server = RtspTestServer.start(withAlice(), "cam0");
             RtspTestClient owner = new RtspTestClient(server.server.rtspPort());
             RtspTestClient stranger = new RtspTestClient(server.server.rtspPort())) {
            String url = server.url("cam0");
            RtspTestClient.Response setup = owner.request("SETUP", url + "/" + RtspTarget.TRACK_CONTROL,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", basic);
            assertThat(setup.status()).isEqualTo(200);
            String session = "Session: " + RtspTestClient.sessionId(setup);

            // Another connection holding the session id, without a login: refused like any request.
            assertThat(stranger.request("TEARDOWN", url, session).status()).isEqualTo(401);
            assertThat(stranger.request("PAUSE", url, session).status()).isEqualTo(401);
            assertThat(owner.request("GET_PARAMETER", url, session, basic).status()).as("the session lives on")
                    .isEqualTo(200);
            // With a login, another connection may (RFC 2326 lets clients control a session from a new connection);
            // and the owner needs no second login for its own session.
            assertThat(stranger.request("PAUSE", url, session, basic).status()).isEqualTo(200);
            assertThat(owner.request("TEARDOWN", url, session).status()).isEqualTo(200);
        }
    }
}
