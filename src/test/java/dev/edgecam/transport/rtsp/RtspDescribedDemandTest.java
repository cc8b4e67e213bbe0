package dev.edgecam.transport.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.hub.GopHub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Between DESCRIBE and PLAY the camera stays encoded with its keyframe cached ({@link DescribedDemand}), so PLAY
 * starts from that keyframe at once instead of waiting for a forced one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspDescribedDemandTest {

    @Test
    void theKeyframeStaysCachedFromDescribeToPlayAndTheHoldEndsWithPlayAndWithTheConnection() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0")) {
            GopHub hub = server.server.camera("cam0").h264Hub();
            try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
                RtspTestClient.Response describe = client.request("DESCRIBE", server.url("cam0"));
                assertThat(describe.status()).isEqualTo(200);
                // Several frame intervals with nobody subscribed but this client, which is about to play.
                Thread.sleep(500);
                assertThat(hub.hasDemand()).as("the described camera is still demanded").isTrue();
                assertThat(hub.keyframeWanted()).as("its keyframe is still cached").isFalse();

                RtspTestClient.Response setup = client.request("SETUP",
                        describe.header("content-base") + RtspTarget.TRACK_CONTROL,
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                RtspTestClient.Response play = client.request("PLAY", server.url("cam0"),
                        "Session: " + RtspTestClient.sessionId(setup));
                assertThat(play.status()).isEqualTo(200);
                assertThat(client.interleaved().channel()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> hub.listenerCount() == 1); // the session's own
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !hub.hasDemand());
        }
    }

    @Test
    void aClientThatDescribesAndLeavesHoldsNothing() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("cam0")) {
            GopHub hub = server.server.camera("cam0").h264Hub();
            try (RtspTestClient client = new RtspTestClient(server.server.rtspPort())) {
                assertThat(client.request("DESCRIBE", server.url("cam0")).status()).isEqualTo(200);
                assertThat(hub.hasDemand()).isTrue();
            }
            // ... and the capture loop then releases the cached frames (the past, for a later viewer)
            await().atMost(Duration.ofSeconds(10)).until(() -> !hub.hasDemand() && hub.retainedFrames() == 0);
        }
    }
}
