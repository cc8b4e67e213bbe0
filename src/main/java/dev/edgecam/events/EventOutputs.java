package dev.edgecam.events;

import java.net.URI;
import java.util.List;

/**
 * Where a camera's events go besides {@code /events}.
 *
 * @param webhooks URLs each event is POSTed to ({@link WebhookSender})
 * @param mqtt the MQTT broker ({@code mqtt://[USER[:PASSWORD]@]HOST[:PORT]}) events, state and Home Assistant discovery
 *     are published to ({@link MqttPublisher}), or null
 */
public record EventOutputs(List<URI> webhooks, URI mqtt) {

    /** Only {@code /events}. */
    public static final EventOutputs NONE = new EventOutputs(List.of(), null);

    public EventOutputs {
        webhooks = List.copyOf(webhooks);
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

    /** A broker as {@code --mqtt} and the {@code mqtt} key read it: {@code mqtt://[USER[:PASSWORD]@]HOST[:PORT]}. */
    public static URI broker(String text) {
        URI uri = uri(text);
        if (uri == null || !("mqtt".equals(uri.getScheme()) || "tcp".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("'" + text + "' is not an MQTT broker; use mqtt://HOST[:PORT], with"
                    + " USER:PASSWORD@ before the host when it asks for a login (TLS is not supported yet)");
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
