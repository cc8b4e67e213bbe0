package dev.edgecam.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgecam.frame.Size;
import org.junit.jupiter.api.Test;

class H264SettingsTest {

    @Test
    void theDefaultBitrateIsTwoMegabitsAt720p30AndScalesWithPixelsTimesFpsAboveAFloor() {
        H264Settings settings = H264Settings.defaults();
        assertThat(settings.bitrateFor(new Size(1280, 720), 30)).isEqualTo(2_000_000);
        assertThat(settings.bitrateFor(new Size(1920, 1080), 30)).isEqualTo(4_500_000);
        assertThat(settings.bitrateFor(new Size(1280, 720), 15)).isEqualTo(1_000_000);
        assertThat(settings.bitrateFor(new Size(160, 120), 5)).isEqualTo(H264Settings.MIN_DEFAULT_BITRATE);
        assertThat(settings.bitrateFor(new Size(1280, 720), 0)).isEqualTo(2_000_000); // unknown rate: 30 fps
        assertThat(settings.withBitrate(750_000).bitrateFor(new Size(1920, 1080), 60)).isEqualTo(750_000);
    }

    @Test
    void theKeyframeIntervalIsTwoSecondsInFrames() {
        assertThat(H264Settings.defaults().keyframeFrames(30)).isEqualTo(60);
        assertThat(H264Settings.defaults().keyframeFrames(25)).isEqualTo(50);
        assertThat(H264Settings.defaults().withKeyframeInterval(0.1).keyframeFrames(5)).isEqualTo(1);
    }

    @Test
    void bitratesParseAsNumbersOrWithKOrM() {
        assertThat(H264Settings.parseBitrate("2000000")).isEqualTo(2_000_000);
        assertThat(H264Settings.parseBitrate("1500k")).isEqualTo(1_500_000);
        assertThat(H264Settings.parseBitrate("2M")).isEqualTo(2_000_000);
        assertThat(H264Settings.parseBitrate("2.5m")).isEqualTo(2_500_000);
        assertThat(H264Settings.parseBitrate("auto")).isEqualTo(H264Settings.AUTO_BITRATE);
        assertThatThrownBy(() -> H264Settings.parseBitrate("fast")).hasMessageContaining("2M");
        assertThatThrownBy(() -> H264Settings.parseBitrate("5k")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> H264Settings.parseBitrate("200M")).hasMessageContaining("out of range");
    }

    @Test
    void refusesAKeyframeIntervalOutOfRange() {
        assertThatThrownBy(() -> H264Settings.defaults().withKeyframeInterval(0)).hasMessageContaining("keyframe interval");
        assertThatThrownBy(() -> H264Settings.defaults().withKeyframeInterval(61)).hasMessageContaining("keyframe interval");
    }
}
