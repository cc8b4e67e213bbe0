package dev.edgecam.transport.onvif;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * What the server says about itself over ONVIF and WS-Discovery.
 *
 * @param name the device's name for people and NVRs (the host name): {@code onvif://www.onvif.org/name/NAME}
 * @param endpoint its stable identity, {@code urn:uuid:...} ({@link #endpointFor}): NVRs recognise the device by it
 * @param firmwareVersion edgecam's version
 * @param rtspPort the RTSP port stream URIs name, or -1 when RTSP is off (GetStreamUri then faults)
 */
public record OnvifDevice(String name, String endpoint, String firmwareVersion, int rtspPort) {

    public static final String MANUFACTURER = "edgecam";
    public static final String MODEL = "edgecam";
    /** The hardware scope: the machine's architecture as Java names it (aarch64, amd64). */
    public static final String HARDWARE = System.getProperty("os.arch", "unknown");

    /**
     * The endpoint of the server named {@code hostName} with HTTP on {@code httpPort}: a name-based UUID, so it stays
     * the same across restarts (an NVR keeps the camera it added) and differs between servers on one machine.
     */
    public static String endpointFor(String hostName, int httpPort) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("edgecam:" + hostName + ":" + httpPort).getBytes(StandardCharsets.UTF_8));
    }

    /** The serial number: the endpoint's UUID without dashes (stable, unique per server). */
    public String serialNumber() {
        return endpoint.substring(endpoint.lastIndexOf(':') + 1).replace("-", "");
    }

    /** ONVIF's scopes: Profile S streaming, a video encoder, its name and hardware ({@code %20} for spaces). */
    public List<String> scopes() {
        return List.of("onvif://www.onvif.org/type/video_encoder",
                "onvif://www.onvif.org/Profile/Streaming",
                "onvif://www.onvif.org/name/" + scopeText(name),
                "onvif://www.onvif.org/hardware/" + scopeText(HARDWARE),
                "onvif://www.onvif.org/location/");
    }

    private static String scopeText(String text) {
        return text.replace("%", "%25").replace(" ", "%20");
    }
}
