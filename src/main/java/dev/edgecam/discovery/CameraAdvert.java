package dev.edgecam.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is said on the LAN about one camera of a running server: one DNS-SD service instance of type
 * {@code _http._tcp} (the page, the MJPEG stream, the snapshot) and one of type {@code _rtsp._tcp} (H.264), both named
 * {@link #instanceName()}, such as {@code edgecam door on shop-pi}. Their TXT records carry the paths, so a browser
 * builds every URL from the service's address and port without asking the server anything:
 *
 * <pre>
 *   _http._tcp  port = HTTP port   path=/  mjpeg=/cam/door/stream  snapshot=/cam/door/snapshot  rtsp=/door
 *                                  rtsp_port=8554  id=door  server=shop-pi  product=edgecam  version=...  [tls=1]
 *   _rtsp._tcp  port = RTSP port   path=/door  (and the same keys)
 * </pre>
 *
 * {@code path} is what Home Assistant, Avahi's browsers and DNS-SD tools open for the service (RFC 6763 section 6
 * and the {@code _http._tcp} convention); the other keys are edgecam's own, read by {@code edgecam discover}.
 *
 * @param id the camera's id (its {@code /cam/ID/} and {@code rtsp://HOST:PORT/ID} name)
 * @param server the server's host name, without a domain (the {@code HOST} of {@code door@HOST})
 * @param httpPort the HTTP port, or 0 when HTTP is off (then no {@code _http._tcp} service)
 * @param rtspPort the RTSP port, or 0 when RTSP is off (then no {@code _rtsp._tcp} service)
 * @param tls true when the HTTP port speaks HTTPS
 * @param version edgecam's version, for people choosing among servers
 */
public record CameraAdvert(String id, String server, int httpPort, int rtspPort, boolean tls, String version) {

    public static final String HTTP_TYPE = "_http._tcp";
    public static final String RTSP_TYPE = "_rtsp._tcp";
    /** The value of the {@code product} TXT key that tells edgecam's services from any other web server's. */
    public static final String PRODUCT = "edgecam";

    /** The TXT keys, shared with {@link FoundCamera} which reads them back. */
    static final String PATH = "path";
    static final String MJPEG = "mjpeg";
    static final String SNAPSHOT = "snapshot";
    static final String RTSP = "rtsp";
    static final String RTSP_PORT = "rtsp_port";
    static final String HTTP_PORT = "http_port";
    static final String ID = "id";
    static final String SERVER = "server";
    static final String PRODUCT_KEY = "product";
    static final String VERSION = "version";
    static final String TLS = "tls";

    public CameraAdvert {
        if (id == null || id.isBlank() || server == null || server.isBlank()) {
            throw new IllegalArgumentException("a camera advert needs the camera id and the server's host name");
        }
        if (httpPort < 0 || httpPort > 65535 || rtspPort < 0 || rtspPort > 65535) {
            throw new IllegalArgumentException("ports are 0 (off) to 65535; got HTTP " + httpPort + ", RTSP " + rtspPort);
        }
        version = version == null || version.isBlank() ? "development" : version;
    }

    /** The DNS-SD instance name of both services: {@code edgecam ID on SERVER}, unique on the LAN per camera. */
    public String instanceName() {
        return PRODUCT + " " + id + " on " + server;
    }

    /** The TXT record of the {@code _http._tcp} service, in a stable order. */
    public Map<String, String> httpTxt() {
        return txt("/");
    }

    /** The TXT record of the {@code _rtsp._tcp} service, in a stable order. */
    public Map<String, String> rtspTxt() {
        return txt(rtspPath());
    }

    private Map<String, String> txt(String path) {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put(PATH, path);
        if (httpPort > 0) {
            txt.put(MJPEG, cameraPath() + "stream");
            txt.put(SNAPSHOT, cameraPath() + "snapshot");
            txt.put(HTTP_PORT, Integer.toString(httpPort));
        }
        if (rtspPort > 0) {
            txt.put(RTSP, rtspPath());
            txt.put(RTSP_PORT, Integer.toString(rtspPort));
        }
        if (tls) {
            txt.put(TLS, "1");
        }
        txt.put(ID, id);
        txt.put(SERVER, server);
        txt.put(PRODUCT_KEY, PRODUCT);
        txt.put(VERSION, version);
        return txt;
    }

    private String cameraPath() {
        return "/cam/" + id + "/";
    }

    private String rtspPath() {
        return "/" + id;
    }
}
