package dev.edgecam.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceSpecTest {

    @Test
    void aCameraMayBeAskedForItsOwnH264() {
        SourceSpec spec = SourceSpec.parse("camera:/dev/video2?format=h264");

        assertThat(spec.kind()).isEqualTo(SourceSpec.Kind.CAMERA);
        assertThat(spec.device()).isEqualTo("/dev/video2");
        assertThat(spec.cameraFormat()).isEqualTo("h264");
        assertThat(SourceSpec.parse("camera:0?format=H264").target()).isEqualTo("/dev/video0?format=h264");
        assertThat(SourceSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void aCameraWithoutAFormatAsksForMjpegFirstAsBefore() {
        SourceSpec spec = SourceSpec.parse("camera:2");

        assertThat(spec.device()).isEqualTo("/dev/video2");
        assertThat(spec.cameraFormat()).isNull();
    }

    @Test
    void anUnknownCameraOptionIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SourceSpec.parse("camera:0?format=yuyv"))
                .hasMessageContaining("?format=h264").hasMessageContaining("'format=yuyv'");
    }

    @Test
    void aUrlKeepsItsQuery() {
        SourceSpec spec = SourceSpec.parse("rtsp://192.0.2.10/stream?channel=1");

        assertThat(spec.device()).isEqualTo("rtsp://192.0.2.10/stream?channel=1");
        assertThat(spec.cameraFormat()).isNull();
    }
}
