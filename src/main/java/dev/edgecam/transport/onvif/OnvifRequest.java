package dev.edgecam.transport.onvif;

import java.net.InetAddress;
import java.util.List;

/**
 * What a service needs to know about one request: how the client reached the server (for the URLs it answers
 * with), the local address it arrived on (for GetNetworkInterfaces), and the cameras served at that moment.
 *
 * @param host the host the client addressed, ready for a URL ({@code 192.168.1.20}, {@code [fe80::1]}, {@code cam.local})
 * @param httpPort the HTTP port the client used
 * @param https true when the request came over TLS
 * @param local the address the request arrived on
 * @param cameras the cameras in config order, each as a media profile
 */
record OnvifRequest(String host, int httpPort, boolean https, InetAddress local, List<MediaProfile> cameras) {

    /** {@code http://HOST:PORT} (or https). */
    String httpBase() {
        return (https ? "https" : "http") + "://" + host + ":" + httpPort;
    }

    String deviceServiceUrl() {
        return httpBase() + OnvifService.DEVICE_PATH;
    }

    String mediaServiceUrl() {
        return httpBase() + OnvifService.MEDIA_PATH;
    }
}
