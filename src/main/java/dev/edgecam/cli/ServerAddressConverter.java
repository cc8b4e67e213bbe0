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
            if (DiscoveredName.isName(value)) {
                return ServerAddress.parse(resolve(value).streamUrl());
            }
            return ServerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static FoundCamera resolve(String name) {
        try {
            return DiscoveredName.resolve(name, MdnsInterfaces.lanAddresses(), RESOLVE_TIMEOUT);
        } catch (IOException e) {
            throw new TypeConversionException("cannot look up the camera '" + name + "' on the LAN: " + e.getMessage()
                    + "; give HOST:PORT or a URL instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TypeConversionException("looking up the camera '" + name + "' was interrupted");
        }
    }
}
