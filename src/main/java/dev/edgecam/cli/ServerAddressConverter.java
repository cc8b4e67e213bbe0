package dev.edgecam.cli;

import dev.edgecam.client.receive.ServerAddress;
import dev.edgecam.discovery.DiscoveredName;
import dev.edgecam.discovery.FoundCamera;
import dev.edgecam.discovery.MdnsInterfaces;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code HOST[:PORT]} (legacy TCP, port 6810 by default) or an {@code http://} stream URL, or a camera's
 * name on the LAN ({@code shop-door}, {@code door@shop-pi}; see {@link DiscoveredName}), which is looked up over
 * mDNS for at most {@link #RESOLVE_TIMEOUT} and becomes the camera's MJPEG URL (its RTSP URL without HTTP).
 */
final class ServerAddressConverter implements ITypeConverter<ServerAddress> {

    static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);

    @Override
    public ServerAddress convert(String value) {
        try {
            return ServerAddress.parse(resolvingNames(value));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * {@code argument} as written, or, when it is a camera's name, that camera's stream URL (MJPEG, else RTSP).
     *
     * @throws IllegalArgumentException when the name is unknown, ambiguous, or cannot be looked up (the message says
     *     which and lists what answered)
     */
    static String resolvingNames(String argument) {
        if (!DiscoveredName.isName(argument)) {
            return argument;
        }
        try {
            FoundCamera camera = DiscoveredName.resolve(argument, MdnsInterfaces.lanAddresses(), RESOLVE_TIMEOUT);
            return camera.streamUrl();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot look up the camera '" + argument + "' on the LAN: "
                    + e.getMessage() + "; give HOST:PORT or a URL instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("looking up the camera '" + argument + "' was interrupted");
        }
    }
}
