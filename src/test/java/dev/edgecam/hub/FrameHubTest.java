package dev.edgecam.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.frame.Frame;
import dev.edgecam.testing.H264Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Latest frame wins only for frames that stand alone. */
@Timeout(10)
class FrameHubTest {

    private final FrameHub hub = new FrameHub();

    @Test
    void aFrameThatDependsOnEarlierFramesIsRefusedAndNothingChanges() {
        Frame keyframe = H264Units.frame(1, true, 8);
        hub.publish(keyframe);

        assertThatThrownBy(() -> hub.publish(H264Units.frame(2, false, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Frame[#2 H.264 16x16 13 bytes] depends on earlier frames: latest frame wins only for"
                        + " frames that stand alone (JPEG); serve H.264 from a GopHub");
        assertThat(hub.latest()).isSameAs(keyframe);
    }
}
