package dev.edgecam.cli;

import dev.edgecam.client.receive.ServerAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code HOST[:PORT]} (legacy TCP, port 6810 by default) or an {@code http://} stream URL. */
final class ServerAddressConverter implements ITypeConverter<ServerAddress> {

    @Override
    public ServerAddress convert(String value) {
        try {
            return ServerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
