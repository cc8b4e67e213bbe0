package dev.edgecam.client.receive;

/** Picks the endpoint for a server address: legacy TCP for {@code HOST[:PORT]}, MJPEG over HTTP for {@code http://} and {@code https://} URLs. */
public final class FrameEndpoints {

    private FrameEndpoints() {
    }

    public static FrameEndpoint forAddress(ServerAddress address, ClientOptions options) {
        return switch (address.scheme()) {
            case LEGACY -> new LegacyEndpoint(address.host(), address.port(), options);
            case HTTP, HTTPS -> new MjpegHttpEndpoint(address, options);
        };
    }
}
