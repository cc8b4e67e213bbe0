package dev.edgecam.cli;

import dev.edgecam.events.EventOutputs;
import dev.edgecam.client.receive.RtspTransport;
import dev.edgecam.config.Range;
import dev.edgecam.frame.Size;
import dev.edgecam.publish.PublishTarget;
import dev.edgecam.source.SourceSpec;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** Converters that turn flag text into values, or reject it with a message that says what is expected. */
final class Converters {

    private Converters() {
    }

    static final class SizeConverter implements ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            try {
                return Size.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SourceConverter implements ITypeConverter<SourceSpec> {
        @Override
        public SourceSpec convert(String value) {
            try {
                return SourceSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class WebhookConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return EventOutputs.webhook(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PublishTargetConverter implements ITypeConverter<PublishTarget> {
        @Override
        public PublishTarget convert(String value) {
            try {
                return PublishTarget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class MqttBrokerConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return EventOutputs.broker(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class RtspTransportConverter implements ITypeConverter<RtspTransport> {
        @Override
        public RtspTransport convert(String value) {
            try {
                return RtspTransport.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an RTSP transport; use tcp or udp");
            }
        }
    }

    /** Refuses a flag's value outside the range the config file's key has too, naming the flag and the range. */
    static void requireRange(CommandSpec spec, String option, double value, Range range) {
        if (!(value >= range.min() && value <= range.max())) {
            throw new ParameterException(spec.commandLine(), String.format(
                    "Invalid value for option '%s': %s is out of range; use %s", option, Range.plain(value), range.bounds()));
        }
    }
}
