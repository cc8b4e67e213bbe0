package dev.edgecam.transport.onvif;

import dev.edgecam.wire.onvif.Soap;
import dev.edgecam.wire.onvif.SoapMessage;
import java.util.List;
import java.util.function.Function;

/**
 * ONVIF's media service ({@code /onvif/media_service}, Media ver10), read-only: one profile per camera (its token is
 * the camera id), the video sources and their configurations, the H.264 encoder configurations, and the URIs an NVR
 * then uses: {@code rtsp://HOST:RTSP_PORT/ID} (RTSP over UDP or TCP, from the same URI) and the HTTP snapshot.
 * Changing a configuration, audio, metadata, OSD and multicast streaming answer ActionNotSupported.
 */
final class MediaService {

    private final OnvifDevice device;

    MediaService(OnvifDevice device) {
        this.device = device;
    }

    /** The media service's capabilities, for GetServices and GetServiceCapabilities. */
    static String capabilities(int profiles) {
        return "<trt:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\">"
                + "<trt:ProfileCapabilities MaximumNumberOfProfiles=\"" + profiles + "\"/>"
                + "<trt:StreamingCapabilities RTPMulticast=\"false\" RTP_TCP=\"true\" RTP_RTSP_TCP=\"true\""
                + " NonAggregateControl=\"false\" NoRTSPStreaming=\"false\"/></trt:Capabilities>";
    }

    /** The answer's body, or null for an action this service does not have. */
    String answer(SoapMessage message, OnvifRequest request) {
        List<MediaProfile> cameras = request.cameras();
        return switch (message.action()) {
            case "GetProfiles" -> list("GetProfilesResponse", cameras, c -> c.profile("trt:Profiles"));
            case "GetProfile" -> "<trt:GetProfileResponse>" + profile(message, cameras).profile("trt:Profile")
                    + "</trt:GetProfileResponse>";
            case "GetVideoSources" -> list("GetVideoSourcesResponse", cameras, c -> c.videoSource("trt:VideoSources"));
            case "GetVideoSourceConfigurations" -> list("GetVideoSourceConfigurationsResponse", cameras,
                    c -> c.sourceConfiguration("trt:Configurations"));
            case "GetVideoEncoderConfigurations" -> list("GetVideoEncoderConfigurationsResponse", cameras,
                    c -> c.encoderConfiguration("trt:Configurations"));
            case "GetStreamUri" -> mediaUri("GetStreamUriResponse", streamUri(message, request));
            case "GetSnapshotUri" -> mediaUri("GetSnapshotUriResponse", snapshotUri(profile(message, cameras), request));
            case "GetServiceCapabilities" -> "<trt:GetServiceCapabilitiesResponse>" + capabilities(cameras.size())
                    + "</trt:GetServiceCapabilitiesResponse>";
            case "GetVideoEncoderConfiguration" -> "<trt:GetVideoEncoderConfigurationResponse>"
                    + configuration(message, cameras, MediaProfile::encoderToken).encoderConfiguration("trt:Configuration")
                    + "</trt:GetVideoEncoderConfigurationResponse>";
            case "GetVideoSourceConfiguration" -> "<trt:GetVideoSourceConfigurationResponse>"
                    + configuration(message, cameras, MediaProfile::sourceConfigurationToken)
                            .sourceConfiguration("trt:Configuration") + "</trt:GetVideoSourceConfigurationResponse>";
            case "GetVideoEncoderConfigurationOptions" -> encoderOptions(message, cameras);
            // No audio: empty lists rather than a fault, so NVRs that ask while adding a camera carry on
            case "GetAudioSources", "GetAudioSourceConfigurations", "GetAudioEncoderConfigurations", "GetAudioOutputs",
                    "GetAudioOutputConfigurations", "GetAudioDecoderConfigurations" ->
                    "<trt:" + message.action() + "Response/>";
            default -> null;
        };
    }

    private static String list(String response, List<MediaProfile> cameras, Function<MediaProfile, String> item) {
        StringBuilder body = new StringBuilder("<trt:").append(response).append('>');
        cameras.forEach(camera -> body.append(item.apply(camera)));
        return body.append("</trt:").append(response).append('>').toString();
    }

    /** The camera the request's {@code ProfileToken} names, or a fault that lists the tokens there are. */
    private static MediaProfile profile(SoapMessage message, List<MediaProfile> cameras) {
        String token = message.parameter("ProfileToken");
        if (token == null || token.isEmpty()) {
            throw OnvifFault.sender(message.action() + " needs a ProfileToken; the profiles are " + tokens(cameras),
                    "ter:InvalidArgVal", "ter:NoProfile");
        }
        return cameras.stream().filter(c -> c.id().equals(token)).findFirst().orElseThrow(() -> OnvifFault.sender(
                "no profile '" + token + "'; the profiles are " + tokens(cameras), "ter:InvalidArgVal", "ter:NoProfile"));
    }

    /** The camera whose configuration {@code ConfigurationToken} names, or a fault. */
    private static MediaProfile configuration(SoapMessage message, List<MediaProfile> cameras,
                                              Function<MediaProfile, String> token) {
        String wanted = message.parameter("ConfigurationToken");
        return cameras.stream().filter(c -> token.apply(c).equals(wanted)).findFirst().orElseThrow(() -> OnvifFault.sender(
                "no configuration '" + wanted + "'; they are " + String.join(", ", cameras.stream().map(token).toList()),
                "ter:InvalidArgVal", "ter:NoConfig"));
    }

    /** What an H.264 configuration could be: only what it is (edgecam's encoder settings change in /settings). */
    private static String encoderOptions(SoapMessage message, List<MediaProfile> cameras) {
        String profileToken = message.parameter("ProfileToken");
        String configurationToken = message.parameter("ConfigurationToken");
        MediaProfile camera = configurationToken != null && !configurationToken.isEmpty()
                ? configuration(message, cameras, MediaProfile::encoderToken)
                : profileToken != null && !profileToken.isEmpty() ? profile(message, cameras) : cameras.get(0);
        long fps = Math.max(1, Math.round(camera.fps()));
        return "<trt:GetVideoEncoderConfigurationOptionsResponse><trt:Options>"
                + "<tt:QualityRange><tt:Min>1</tt:Min><tt:Max>100</tt:Max></tt:QualityRange><tt:H264>"
                + "<tt:ResolutionsAvailable>" + Soap.element("tt:Width", camera.size().width())
                + Soap.element("tt:Height", camera.size().height()) + "</tt:ResolutionsAvailable>"
                + range("tt:GovLengthRange", camera.govLength(), camera.govLength()) + range("tt:FrameRateRange", 1, fps)
                + range("tt:EncodingIntervalRange", 1, 1) + Soap.element("tt:H264ProfilesSupported", "Baseline")
                + "</tt:H264></trt:Options></trt:GetVideoEncoderConfigurationOptionsResponse>";
    }

    private static String range(String element, long min, long max) {
        return "<" + element + ">" + Soap.element("tt:Min", min) + Soap.element("tt:Max", max) + "</" + element + ">";
    }

    private static String tokens(List<MediaProfile> cameras) {
        return String.join(", ", cameras.stream().map(MediaProfile::id).toList());
    }

    /**
     * The RTSP URI of the profile's camera. The stream setup may ask for RTP-Unicast over UDP, TCP or RTSP (all served
     * from the one URI: the RTSP client's SETUP chooses); RTSP tunnelled in HTTP and RTP-Multicast are not offered.
     */
    private String streamUri(SoapMessage message, OnvifRequest request) {
        MediaProfile camera = profile(message, request.cameras());
        String stream = message.parameter("Stream");
        String protocol = message.parameter("Protocol");
        if (stream != null && !stream.equals("RTP-Unicast")) {
            throw OnvifFault.sender("stream type '" + stream + "' is not offered; ask for RTP-Unicast (RTSP over UDP or"
                    + " TCP)", "ter:InvalidArgVal", "ter:InvalidStreamSetup");
        }
        if (protocol != null && !List.of("UDP", "TCP", "RTSP").contains(protocol)) {
            throw OnvifFault.sender("transport '" + protocol + "' is not offered (no RTSP over HTTP); ask for RTSP, TCP"
                    + " or UDP", "ter:InvalidArgVal", "ter:InvalidStreamSetup");
        }
        if (device.rtspPort() < 0) {
            throw new OnvifFault(500, "s:Receiver", "RTSP is off on this server (--rtsp-port 0 or rtsp_port: 0); turn"
                    + " it on to stream to NVRs", "ter:Action", "ter:StreamingNotSupported");
        }
        return "rtsp://" + request.host() + ":" + device.rtspPort() + "/" + camera.id();
    }

    private static String snapshotUri(MediaProfile camera, OnvifRequest request) {
        return request.httpBase() + "/cam/" + camera.id() + "/snapshot";
    }

    private static String mediaUri(String response, String uri) {
        return "<trt:" + response + "><trt:MediaUri>" + Soap.element("tt:Uri", uri)
                + Soap.element("tt:InvalidAfterConnect", false) + Soap.element("tt:InvalidAfterReboot", false)
                + Soap.element("tt:Timeout", "PT0S") + "</trt:MediaUri></trt:" + response + ">";
    }
}
