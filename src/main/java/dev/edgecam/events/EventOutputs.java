package dev.edgecam.events;

import java.net.URI;
import java.util.List;

/**
 * Where a camera's events go besides {@code /events}.
 *
 * @param webhooks URLs each event is POSTed to ({@link WebhookSender})
 * @param mqtt the MQTT broker ({@code mqtt://} or, with TLS, {@code mqtts://[USER[:PASSWORD]@]HOST[:PORT]}) events,
 *     state and Home Assistant discovery are published to ({@link MqttPublisher}), or null
 * @param mqttTls whom an {@code mqtts://} broker is trusted by and the camera's client certificate
 *     ({@link MqttTls#SYSTEM} when not given)
 */
public record EventOutputs(List<URI> webhooks, URI mqtt, MqttTls mqttTls) {

    /** Only {@code /events}. */
    public static final EventOutputs NONE = new EventOutputs(List.of(), null);

    public EventOutputs {
        webhooks = List.copyOf(webhooks);
        mqttTls = mqttTls == null ? MqttTls.SYSTEM : mqttTls;
    }

    /** Webhooks and a broker, with TLS (for {@code mqtts://}) trusting the system's certificate authorities. */
    public EventOutputs(List<URI> webhooks, URI mqtt) {
        this(webhooks, mqtt, MqttTls.SYSTEM);
    }

    /**
     * A webhook URL as {@code --webhook} and the {@code webhook} key read it: {@code http://} or {@code https://} with a
     * host.
     */
    public static URI webhook(String text) {
        URI uri = uri(text);
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("'" + text + "' is not a webhook URL; use http://HOST[:PORT]/PATH or"
                    + " https://...");
        }
        return uri;
    }

    /**
     * A broker as {@code --mqtt} and the {@code mqtt} key read it: {@code mqtt://[USER[:PASSWORD]@]HOST[:PORT]}, or
     * {@code mqtts://...} for TLS (Paho's {@code tcp://} and {@code ssl://} too). The message never repeats the text:
     * it may hold a password.
     */
    public static URI broker(String text) {
        URI uri = uri(text);
        if (uri == null || !("mqtt".equals(uri.getScheme()) || "tcp".equals(uri.getScheme()) || MqttTls.isTls(uri))) {
            throw new IllegalArgumentException((uri == null ? "not a URL with a host" : "'" + uri.getScheme()
                    + "://' is not an MQTT broker's scheme") + "; use mqtt://HOST[:PORT] (port "
                    + MqttTls.DEFAULT_PLAIN_PORT + " by default) or, with TLS, mqtts://HOST[:PORT] (port "
                    + MqttTls.DEFAULT_PORT + "), with USER:PASSWORD@ before the host when it asks for a login");
        }
        return uri;
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text.trim());
            return uri.getHost() == null ? null : uri;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
