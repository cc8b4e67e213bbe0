package dev.edgecam.transport.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgecam.security.auth.PublicEndpoints;
import dev.edgecam.security.auth.UserStore;
import dev.edgecam.server.EdgecamServer;
import dev.edgecam.server.SecurityConfig;
import dev.edgecam.testing.PageScripts;
import dev.edgecam.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * edgecam as an NVR sees it, through the npm {@code onvif} package (agsh/onvif 0.8.3, pinned in src/test/js: an
 * ONVIF client nobody here wrote): it connects (GetSystemDateAndTime, GetServices, GetProfiles, GetVideoSources),
 * reads the device information, the profile, the stream URI and the snapshot URI, with a user (WS-Security
 * PasswordDigest) and on a server without users. Then ffprobe opens the RTSP URI it was given and decodes H.264 of the
 * camera's size, and the snapshot URI answers a JPEG.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnvifClientTest {

    @Test
    void anOnvifClientWithALoginFindsTheStreamAndTheSnapshot() throws Exception {
        PageScripts.requireNodePackage("onvif");
        UserStore users = UserStore.of(List.of("nvr:s3cret"), List.of());
        try (EdgecamServer server = start(SecurityConfig.open().withAuth(users, PublicEndpoints.none()))) {
            JsonNode result = PageScripts.run("onvif-client.mjs", List.of("127.0.0.1", String.valueOf(server.httpPort()),
                    "nvr", "s3cret"), Map.of(), Map.of());
            checkAgainst(server, result, "nvr:s3cret");
        }
    }

    @Test
    void anOnvifClientWithoutALoginReadsAnOpenServer() throws Exception {
        PageScripts.requireNodePackage("onvif");
        try (EdgecamServer server = start(SecurityConfig.open())) {
            JsonNode result = PageScripts.run("onvif-client.mjs", List.of("127.0.0.1", String.valueOf(server.httpPort())),
                    Map.of(), Map.of());
            checkAgainst(server, result, null);
        }
    }

    static EdgecamServer start(SecurityConfig security) throws Exception {
        return EdgecamServer.start(TestServers.smallTestPattern("127.0.0.1").withHttpPort(0).withRtspPort(0)
                .withOnvif(true), security);
    }

    private static void checkAgainst(EdgecamServer server, JsonNode result, String login) throws Exception {
        assertThat(result.path("info").path("manufacturer").asText()).isEqualTo("edgecam");
        assertThat(result.path("info").path("serialNumber").asText()).isNotEmpty();
        String base = "http://127.0.0.1:" + server.httpPort();
        assertThat(result.path("uri").path("media").asText()).isEqualTo(base + "/onvif/media_service");
        assertThat(result.path("videoSources").asInt()).isEqualTo(1);
        JsonNode configurations = result.path("configurations");
        assertThat(configurations.path("encoders").asInt()).isEqualTo(1);
        assertThat(configurations.path("encoderToken").asText()).isEqualTo("h264_cam0");
        assertThat(configurations.path("sources").asInt()).isEqualTo(1);
        assertThat(configurations.path("frameRateMax").asInt()).isEqualTo(10);
        assertThat(configurations.path("qualityMax").asInt()).isEqualTo(100);
        assertThat(result.path("profiles")).hasSize(1);
        JsonNode profile = result.path("profiles").get(0);
        assertThat(profile.path("token").asText()).isEqualTo("cam0");
        assertThat(profile.path("encoding").asText()).isEqualTo("H264");
        assertThat(profile.path("width").asInt()).isEqualTo(320);
        assertThat(profile.path("height").asInt()).isEqualTo(240);
        assertThat(profile.path("fps").asInt()).isEqualTo(10);
        assertThat(profile.path("bitrateKbps").asInt()).isPositive();
        String streamUri = profile.path("streamUri").asText();
        assertThat(streamUri).isEqualTo("rtsp://127.0.0.1:" + server.rtspPort() + "/cam0");
        String snapshotUri = profile.path("snapshotUri").asText();
        assertThat(snapshotUri).isEqualTo(base + "/cam/cam0/snapshot");

        // An NVR puts the user into the URI it was given, as ffprobe takes it
        String probed = ffprobe(login == null ? streamUri : streamUri.replace("rtsp://", "rtsp://" + login + "@"));
        assertThat(probed).as("ffprobe of " + streamUri).contains("h264").contains("320,240");

        HttpRequest.Builder snapshot = HttpRequest.newBuilder(URI.create(snapshotUri)).timeout(Duration.ofSeconds(10));
        if (login != null) {
            snapshot.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    login.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> jpeg = HttpClient.newHttpClient().send(snapshot.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    /** ffprobe's codec, width and height of the stream at {@code url} (RTSP over TCP), as CSV. */
    private static String ffprobe(String url) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-rtsp_transport", "tcp",
                "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ffprobe finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
