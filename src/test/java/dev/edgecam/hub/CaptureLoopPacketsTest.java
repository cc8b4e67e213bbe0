package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Codec;
import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264Units;
import dev.edgecam.testing.RepeatingPacketSource;
import dev.edgecam.testing.TestJpegs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Encoded packets from a source, served untouched: a JPEG packet to the JPEG hub, an H.264 one to the H.264 hub. */
@Timeout(60)
class CaptureLoopPacketsTest {

    private final FrameHub hub = new FrameHub();
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private CaptureLoop loop;

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void aJpegPacketIsPublishedAsTheSameBytes() {
        byte[] jpeg = TestJpegs.quadrants(64, 48, 1);
        start(new RepeatingPacketSource(Codec.JPEG, true, jpeg));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);

        Frame frame = received.get(0);
        assertThat(frame.bytes()).as("passed through, not re-encoded").isSameAs(jpeg);
        assertThat(frame.codec()).isEqualTo(Codec.JPEG);
        assertThat(frame.width()).isEqualTo(64);
        assertThat(loop.status().online()).isTrue();
    }

    @Test
    void anH264PacketGoesToTheH264HubUntouchedWhileWatched() {
        byte[] unit = H264Units.keyframe(20);
        start(new RepeatingPacketSource(Codec.H264, true, unit));
        List<Frame> h264 = new CopyOnWriteArrayList<>();
        GopHub.Subscriber subscriber = loop.renditions().h264().subscribe(frame -> h264.add(frame));

        await().atMost(Duration.ofSeconds(10)).until(() -> h264.size() >= 2);

        assertThat(h264.get(0).bytes()).as("passed through, not re-encoded").isSameAs(unit);
        assertThat(h264.get(0).codec()).isEqualTo(Codec.H264);
        assertThat(h264.get(1).sequence()).isEqualTo(h264.get(0).sequence() + 1);
        assertThat(loop.status().online()).isTrue();
        subscriber.close();
    }

    private void start(RepeatingPacketSource source) {
        hub.subscribe(received::add);
        loop = new CaptureLoop(source, hub, new PipelineStats(), EncodeSettings.defaults());
        loop.start("edgecam-capture-test");
    }
}
