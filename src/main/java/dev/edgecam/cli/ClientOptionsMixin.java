package dev.edgecam.cli;

import dev.edgecam.client.receive.ClientOptions;
import dev.edgecam.client.receive.FrameEndpoint;
import dev.edgecam.client.receive.FrameEndpoints;
import dev.edgecam.client.receive.ServerAddress;
import dev.edgecam.wire.legacy.LegacyProtocol;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The server address and connection flags every client command shares. */
final class ClientOptionsMixin {

    /** The largest --max-frame-bytes accepted: a JPEG this large is far beyond any camera. */
    static final int MAX_FRAME_BYTES_LIMIT = 1 << 30;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", converter = ServerAddressConverter.class,
            description = "The edgecam server or original edge server (legacy TCP port "
                    + LegacyProtocol.DEFAULT_PORT + " unless given), or an MJPEG URL such as "
                    + "http://camera.local:8080/stream.")
    ServerAddress server;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the connection (such as 5s).")
    Duration connectTimeout = ClientOptions.DEFAULT_CONNECT_TIMEOUT;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the next frame before giving up on the connection.")
    Duration readTimeout = ClientOptions.DEFAULT_READ_TIMEOUT;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES",
            description = "Largest frame accepted; a larger announced length is refused before anything is allocated.")
    int maxFrameBytes = LegacyProtocol.DEFAULT_MAX_FRAME_BYTES;

    /** The validated options; a bad value is a usage error naming the flag. */
    ClientOptions options() {
        requirePositive("--connect-timeout", connectTimeout);
        requirePositive("--read-timeout", readTimeout);
        if (maxFrameBytes < 1 || maxFrameBytes > MAX_FRAME_BYTES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--max-frame-bytes': "
                    + maxFrameBytes + " is out of range; use 1 to " + MAX_FRAME_BYTES_LIMIT);
        }
        return new ClientOptions(connectTimeout, readTimeout, maxFrameBytes);
    }

    /** Where frames come from, for the address and flags given. */
    FrameEndpoint endpoint() {
        try {
            return FrameEndpoints.forAddress(server, options());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void requirePositive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': it must be longer than 0, such as 5s");
        }
    }
}
