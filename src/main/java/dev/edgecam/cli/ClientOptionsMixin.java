package dev.edgecam.cli;

import dev.edgecam.client.receive.ClientOptions;
import dev.edgecam.client.receive.FrameEndpoint;
import dev.edgecam.client.receive.FrameEndpoints;
import dev.edgecam.client.receive.RtspTransport;
import dev.edgecam.client.receive.ServerAddress;
import dev.edgecam.wire.legacy.LegacyProtocol;
import dev.edgecam.security.tls.CertificateFingerprint;
import dev.edgecam.security.trust.TlsClientConfig;
import java.nio.file.Path;
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
                    + "http://camera.local:8080/stream, or an RTSP URL such as rtsp://USER:PASSWORD@camera.local:8554/stream, "
                    + "or a camera's name on the LAN as 'edgecam discover' lists it (door@shop-pi, or the id alone).")
    ServerAddress server;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "How long to wait for the connection.")
    Duration connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "How long to wait for the next whole frame, however slowly its bytes arrive, before giving up on "
                    + "the connection.")
    Duration readTimeout;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES",
            description = "Largest frame accepted; a larger announced length is refused before anything is allocated.")
    int maxFrameBytes = LegacyProtocol.DEFAULT_MAX_FRAME_BYTES;

    @Option(names = "--tls-pin", paramLabel = "SHA256",
            description = "For https:// servers: trust exactly the certificate with this SHA-256 fingerprint "
                    + "(serve --tls-self-signed logs it at start).")
    String tlsPin;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "For https:// servers: trust the CA certificates in this PEM file instead of the system's.")
    Path tlsCa;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Log in to an HTTP server with this Bearer token (from 'edgecam passwd --token NAME'). "
                    + "A password goes in the URL instead: https://USER:PASSWORD@HOST:PORT/stream.")
    String token;

    @Option(names = "--rtsp-transport", paramLabel = "tcp|udp", converter = Converters.RtspTransportConverter.class, defaultValue = "tcp",
            description = "For rtsp:// URLs: how the video packets travel. tcp (inside the RTSP connection) passes NAT and "
                    + "firewalls and loses nothing; udp avoids the stalls TCP makes on a lossy network, but a firewall or "
                    + "NAT may drop it.")
    RtspTransport rtspTransport;

    /** The validated options; a bad value is a usage error naming the flag. */
    ClientOptions options() {
        requirePositive("--connect-timeout", connectTimeout);
        requirePositive("--read-timeout", readTimeout);
        if (maxFrameBytes < 1 || maxFrameBytes > MAX_FRAME_BYTES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--max-frame-bytes': "
                    + maxFrameBytes + " is out of range; use 1 to " + MAX_FRAME_BYTES_LIMIT);
        }
        if (tlsPin != null && tlsCa != null) {
            throw new ParameterException(spec.commandLine(), "--tls-pin and --tls-ca are two ways to trust a server; give one");
        }
        if ((tlsPin != null || tlsCa != null) && server.isRtsp()) {
            // FFmpeg's RTSP demuxer opens its TLS connection without options, so a certificate cannot be checked there.
            throw new ParameterException(spec.commandLine(), "--tls-pin and --tls-ca apply to https:// servers only: an "
                    + "rtsps:// connection is made by FFmpeg, which encrypts it but cannot be told which certificate to trust");
        }
        TlsClientConfig tls;
        try {
            tls = tlsPin != null ? TlsClientConfig.pinned(CertificateFingerprint.parse(tlsPin))
                    : tlsCa != null ? TlsClientConfig.caFile(tlsCa) : null;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (tlsPin != null ? "--tls-pin: " : "--tls-ca: ") + e.getMessage());
        }
        return new ClientOptions(connectTimeout, readTimeout, maxFrameBytes, tls, token == null ? null : "Bearer " + token,
                rtspTransport);
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
