package dev.edgecam.cli;

import dev.edgecam.camera.CameraMulticast;
import dev.edgecam.config.Range;
import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The one-camera form's RTSP multicast flags; the config file has them per camera. */
final class MulticastOptions {

    @Option(names = "--multicast", paramLabel = "GROUP:PORT", converter = GroupConverter.class,
            description = "RTSP multicast group of the camera, such as 239.255.42.1:5004 (even port; RTCP takes the "
                    + "next). Default: a group derived from the camera id in 239.255.0.0/16, port 5004. Sent only "
                    + "while an RTSP client plays with multicast, from the interface of --host.")
    InetSocketAddress group;

    @Option(names = "--multicast-ttl", paramLabel = "N",
            description = "IP time-to-live of multicast packets (1 to 255; default 1: the LAN segment only).")
    int ttl = CameraMulticast.DEFAULT_TTL;

    CameraMulticast toSettings(CommandSpec spec) {
        Converters.requireRange(spec, "--multicast-ttl", ttl, Range.MULTICAST_TTL);
        return new CameraMulticast(group, ttl);
    }

    static final class GroupConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return CameraMulticast.parseGroup(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
