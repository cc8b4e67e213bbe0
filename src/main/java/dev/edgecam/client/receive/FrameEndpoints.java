package dev.edgecam.client.receive;

/** Picks the endpoint for a server address: legacy TCP for {@code HOST[:PORT]}, MJPEG over HTTP for {@code http://} and {@code https://} URLs,
 * H.264 over RTSP for {@code rtsp://} and {@code rtsps://} URLs (decoded, handed on as JPEGs). */
public final class FrameEndpoints {

    private FrameEndpoints() {
    }

    public static FrameEndpoint forAddress(ServerAddress address, ClientOptions options) {
        return switch (address.scheme()) {
            case LEGACY -> new LegacyEndpoint(address.host(), address.port(), options);
            case HTTP, HTTPS -> new MjpegHttpEndpoint(address, options);
            case RTSP, RTSPS -> new RtspEndpoint(address, options);
        };
    }
}
