package dev.edgecam.cli;

import dev.edgecam.events.EventOutputs;
import dev.edgecam.events.MqttTls;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s flags for where its one camera's events go: the camera keys {@code webhook}, {@code mqtt} and the
 * TLS of an {@code mqtts://} broker ({@code mqtt_ca}, {@code mqtt_cert}, {@code mqtt_key}).
 */
final class EventOptions {

    @Option(names = "--webhook", paramLabel = "URL", converter = Converters.WebhookConverter.class,
            description = "POST the camera's events (camera_offline/online, recording_failed/resumed, motion_start/end)"
                    + " as JSON to this URL, with retries; repeatable.")
    List<URI> webhooks = new ArrayList<>();

    @Option(names = "--mqtt", paramLabel = "mqtt[s]://[USER[:PASSWORD]@]HOST[:PORT]",
            converter = Converters.MqttBrokerConverter.class,
            description = "Publish the camera's events and state to this MQTT broker, with Home Assistant discovery;"
                    + " mqtts:// is TLS (port 8883), checking the broker's certificate and host name.")
    URI mqtt;

    @Option(names = "--mqtt-ca", paramLabel = "FILE",
            description = "Trust the mqtts:// broker's certificate by these PEM CA certificates instead of the system's"
                    + " (a home or shop CA, Home Assistant's Mosquitto add-on).")
    Path mqttCa;

    @Option(names = "--mqtt-cert", paramLabel = "FILE",
            description = "The camera's PEM client certificate, for an mqtts:// broker that requires one; needs"
                    + " --mqtt-key.")
    Path mqttCert;

    @Option(names = "--mqtt-key", paramLabel = "FILE",
            description = "The unencrypted PEM private key of --mqtt-cert.")
    Path mqttKey;

    /** The outputs, with the TLS files read and checked; a bad one is a usage error naming its flag. */
    EventOutputs toOutputs(CommandSpec spec) {
        checked(spec, "--mqtt-ca", null, null);
        return new EventOutputs(webhooks, mqtt, checked(spec, mqttCert != null ? "--mqtt-cert" : "--mqtt-key", mqttCert,
                mqttKey));
    }

    private MqttTls checked(CommandSpec spec, String blamed, Path certificate, Path key) {
        try {
            return MqttTls.checked(mqtt, mqttCa, certificate, key);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), blamed + ": " + e.getMessage());
        }
    }
}
