package dev.edgecam.cli;

import dev.edgecam.events.EventOutputs;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code serve}'s flags for where its one camera's events go: the camera keys {@code webhook} and {@code mqtt}. */
final class EventOptions {

    @Option(names = "--webhook", paramLabel = "URL", converter = Converters.WebhookConverter.class,
            description = "POST the camera's events (camera_offline/online, recording_failed/resumed, motion_start/end)"
                    + " as JSON to this URL, with retries; repeatable.")
    List<URI> webhooks = new ArrayList<>();

    @Option(names = "--mqtt", paramLabel = "mqtt://[USER[:PASSWORD]@]HOST[:PORT]",
            converter = Converters.MqttBrokerConverter.class,
            description = "Publish the camera's events and state to this MQTT broker, with Home Assistant discovery.")
    URI mqtt;

    EventOutputs toOutputs() {
        return new EventOutputs(webhooks, mqtt);
    }
}
