package dev.edgecam.cli;

import dev.edgecam.discovery.AvahiServiceFiles;
import dev.edgecam.discovery.MdnsMode;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code serve}'s flags for being found on the LAN (the config keys {@code mdns} and {@code mdns_services_dir}). */
final class MdnsOptions {

    @Option(names = "--mdns", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Advertise each camera over mDNS/DNS-SD (_http._tcp and _rtsp._tcp, for 'edgecam discover', "
                    + "phones and NVRs): auto (Avahi service files when avahi-daemon runs and --mdns-services-dir is "
                    + "writable, else edgecam answers itself), jmdns, avahi or off.")
    MdnsMode mode = MdnsMode.AUTO;

    @Option(names = "--mdns-services-dir", paramLabel = "DIR",
            description = "Avahi's services folder, where --mdns avahi writes edgecam-ID.service files.")
    Path servicesDir = AvahiServiceFiles.DEFAULT_DIR;

    static final class ModeConverter implements ITypeConverter<MdnsMode> {
        @Override
        public MdnsMode convert(String value) {
            try {
                return MdnsMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
