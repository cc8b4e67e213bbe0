package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One connection cannot make sessions without bound (each a viewer, over UDP a stream to its address): past
 * {@link RtspConnectionHandler#MAX_SESSIONS_PER_CONNECTION} a SETUP gets 503, and a TEARDOWN makes room again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspSessionCapTest {

    @Test
    void aConnectionHoldsAtMostItsShareOfSessions() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0");
             RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
            String base = client.request("DESCRIBE", server.url("cam0"), "Accept: application/sdp").header("content-base");
            String track = base + RtspTarget.TRACK_CONTROL;
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < RtspConnectionHandler.MAX_SESSIONS_PER_CONNECTION; i++) {
                RtspTestClient.Response setup = client.request("SETUP", track,
                        "Transport: RTP/AVP;unicast;client_port=" + (40_000 + 2 * i) + "-" + (40_001 + 2 * i));
                assertThat(setup.status()).isEqualTo(200);
                sessions.add(RtspTestClient.sessionId(setup));
            }

            RtspTestClient.Response refused = client.request("SETUP", track,
                    "Transport: RTP/AVP;unicast;client_port=41000-41001");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(server.server.clients("cam0").count()).as("viewers").isEqualTo(sessions.size());

            assertThat(client.request("TEARDOWN", base, "Session: " + sessions.get(0)).status()).isEqualTo(200);
            assertThat(client.request("SETUP", track, "Transport: RTP/AVP;unicast;client_port=41000-41001").status())
                    .as("room again after a TEARDOWN").isEqualTo(200);
        }
    }
}
