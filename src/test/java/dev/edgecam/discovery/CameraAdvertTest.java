package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a camera's two services say, and that a browser reads back the same camera and URLs from either. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CameraAdvertTest {

    private final CameraAdvert door = new CameraAdvert("door", "shop-pi", 8080, 8554, false, "1.2");

    @Test
    void theServicesAreNamedForTheCameraAndTheHost() {
        assertThat(door.instanceName()).isEqualTo("edgecam door on shop-pi");
    }

    @Test
    void theHttpTxtCarriesThePageAndEveryPath() {
        assertThat(door.httpTxt()).containsExactly(
                Map.entry("txtvers", "1"), Map.entry("path", "/"), Map.entry("mjpeg", "/cam/door/stream"),
                Map.entry("snapshot", "/cam/door/snapshot"), Map.entry("http_port", "8080"), Map.entry("rtsp", "/door"),
                Map.entry("rtsp_port", "8554"), Map.entry("id", "door"), Map.entry("server", "shop-pi"),
                Map.entry("product", "edgecam"), Map.entry("version", "1.2"));
    }

    @Test
    void theRtspTxtsPathIsTheCamerasRtspPath() {
        assertThat(door.rtspTxt()).containsEntry("path", "/door").containsEntry("mjpeg", "/cam/door/stream");
    }

    @Test
    void withoutHttpThereAreNoHttpPathsAndTlsIsSaid() {
        CameraAdvert rtspOnly = new CameraAdvert("yard", "pi", 0, 8554, false, null);
        assertThat(rtspOnly.rtspTxt()).doesNotContainKeys("mjpeg", "snapshot", "http_port").containsEntry("version", "development");
        assertThat(new CameraAdvert("yard", "pi", 8443, 0, true, "1").httpTxt()).containsEntry("tls", "1")
                .doesNotContainKeys("rtsp", "rtsp_port");
    }

    @Test
    void aBrowserReadsTheSameCameraAndUrlsBack() {
        FoundCamera found = FoundCamera.fromTxt(door.rtspTxt(), "192.0.2.7");

        assertThat(found).isEqualTo(new FoundCamera("door", "shop-pi", "192.0.2.7", 8080, 8554, false, "1.2"));
        assertThat(found.name()).isEqualTo("door@shop-pi");
        assertThat(found.pageUrl()).isEqualTo("http://192.0.2.7:8080/");
        assertThat(found.mjpegUrl()).isEqualTo("http://192.0.2.7:8080/cam/door/stream");
        assertThat(found.snapshotUrl()).isEqualTo("http://192.0.2.7:8080/cam/door/snapshot");
        assertThat(found.rtspUrl()).isEqualTo("rtsp://192.0.2.7:8554/door");
        assertThat(found.streamUrl()).isEqualTo(found.mjpegUrl());
        assertThat(FoundCamera.fromTxt(new CameraAdvert("door", "pi", 8443, 0, true, "1").httpTxt(), "192.0.2.7")
                .streamUrl()).isEqualTo("https://192.0.2.7:8443/cam/door/stream");
        assertThat(FoundCamera.fromTxt(new CameraAdvert("door", "pi", 0, 8554, false, "1").rtspTxt(), "192.0.2.7")
                .streamUrl()).as("RTSP when there is no HTTP").isEqualTo("rtsp://192.0.2.7:8554/door");
    }

    @Test
    void anotherProductsServiceIsNotACamera() {
        assertThat(FoundCamera.fromTxt(Map.of("path", "/"), "192.0.2.7")).isNull();
        assertThat(FoundCamera.fromTxt(Map.of("product", "edgecam", "server", "pi"), "192.0.2.7")).as("no id").isNull();
    }

    @Test
    void anAdvertNeedsAnIdAHostAndPortsInRange() {
        assertThatThrownBy(() -> new CameraAdvert(" ", "pi", 1, 1, false, "1")).hasMessageContaining("camera id");
        assertThatThrownBy(() -> new CameraAdvert("door", "pi", 70000, 1, false, "1")).hasMessageContaining("65535");
    }
}
