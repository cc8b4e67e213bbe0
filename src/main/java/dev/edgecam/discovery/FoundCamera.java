package dev.edgecam.discovery;

import java.util.Locale;
import java.util.Map;

/**
 * A camera some edgecam server advertised on the LAN, as a browser read it back from a {@link CameraAdvert}'s
 * service: where it is and its URLs.
 *
 * @param id the camera's id
 * @param server the server's host name as it advertised it
 * @param address the address the service resolved to (IPv4 text)
 * @param httpPort the HTTP port, 0 when the server serves no HTTP
 * @param rtspPort the RTSP port, 0 when it serves no RTSP
 * @param tls true when the HTTP port speaks HTTPS
 * @param version the server's edgecam version
 */
public record FoundCamera(String id, String server, String address, int httpPort, int rtspPort, boolean tls,
                          String version) {

    /** The name commands accept for it, unique on the LAN: {@code ID@SERVER}. */
    public String name() {
        return id + "@" + server;
    }

    /** The server's live page, or null without HTTP. */
    public String pageUrl() {
        return httpPort == 0 ? null : httpBase() + "/";
    }

    /** The MJPEG stream, or null without HTTP. */
    public String mjpegUrl() {
        return httpPort == 0 ? null : httpBase() + "/cam/" + id + "/stream";
    }

    /** A JPEG of the newest frame, or null without HTTP. */
    public String snapshotUrl() {
        return httpPort == 0 ? null : httpBase() + "/cam/" + id + "/snapshot";
    }

    /** The H.264 stream, or null without RTSP. */
    public String rtspUrl() {
        return rtspPort == 0 ? null : "rtsp://" + address + ":" + rtspPort + "/" + id;
    }

    /** The URL a client command reads for this camera: MJPEG over HTTP, else RTSP. */
    public String streamUrl() {
        return httpPort != 0 ? mjpegUrl() : rtspUrl();
    }

    private String httpBase() {
        return (tls ? "https" : "http") + "://" + address + ":" + httpPort;
    }

    /**
     * Reads a service's TXT record (see {@link CameraAdvert}); null when it is not an edgecam camera's (another web
     * server or RTSP camera on the LAN) or names no id.
     */
    static FoundCamera fromTxt(Map<String, String> txt, String address) {
        if (!CameraAdvert.PRODUCT.equals(txt.get(CameraAdvert.PRODUCT_KEY)) || txt.get(CameraAdvert.ID) == null
                || txt.get(CameraAdvert.SERVER) == null || address == null) {
            return null;
        }
        return new FoundCamera(txt.get(CameraAdvert.ID), txt.get(CameraAdvert.SERVER).toLowerCase(Locale.ROOT), address,
                port(txt.get(CameraAdvert.HTTP_PORT)), port(txt.get(CameraAdvert.RTSP_PORT)),
                "1".equals(txt.get(CameraAdvert.TLS)), txt.getOrDefault(CameraAdvert.VERSION, "?"));
    }

    private static int port(String text) {
        try {
            int port = text == null ? 0 : Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
