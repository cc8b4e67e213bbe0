package dev.edgecam.events;

import java.net.URI;

/**
 * Why a connect to the broker failed, in words that say what to do. Paho and the JDK name the failure in their own
 * terms ("PKIX path building failed", "Connection lost"); the user needs to know which setting to change. It looks
 * through the whole chain of causes, as Paho wraps the JDK's handshake error.
 */
final class MqttFailure {

    private MqttFailure() {
    }

    /**
     * Why a first connect failed (not why an established connection was lost: then a closed connection says nothing
     * about the port).
     *
     * @param tls whether the broker was reached with TLS ({@code mqtts://}) */
    static String explain(Throwable failure, URI broker, boolean tls) {
        String chain = messages(failure);
        String where = broker.getHost() + ":" + MqttTls.port(broker);
        if (chain.contains("PKIX path building failed") || chain.contains("unable to find valid certification path")) {
            return "the broker's certificate is not trusted: give its CA with mqtt_ca (--mqtt-ca FILE, PEM)";
        }
        if (chain.contains("No subject alternative") || chain.contains("No name matching")) {
            return "the broker's certificate does not name " + broker.getHost() + ": connect with a name its "
                    + "certificate lists, or give it a certificate for " + broker.getHost() + " (" + innermost(failure)
                    + ")";
        }
        if (chain.contains("certificate_required") || chain.contains("bad_certificate")) {
            return "the broker wants a client certificate it trusts: give the camera's with mqtt_cert and mqtt_key"
                    + " (--mqtt-cert, --mqtt-key), signed by the CA of the broker's cafile";
        }
        if (tls && (chain.contains("Unsupported or unrecognized SSL message")
                || chain.contains("Remote host terminated the handshake") || chain.contains("Connection reset"))) {
            return "the broker at " + where + " broke off the TLS handshake: if that port is plain MQTT (1883 usually),"
                    + " write the broker as mqtt://, or give the port of its TLS listener (8883 usually)";
        }
        if (!tls && (chain.contains("Connection lost") || chain.contains("EOFException")
                || chain.contains("Connection reset"))) {
            return "the broker at " + where + " closed the connection before answering: if that port wants TLS (8883"
                    + " usually), write the broker as mqtts://";
        }
        if (chain.contains("Not authorized") || chain.contains("Bad user name or password")) {
            return "the broker refused the login: check USER:PASSWORD in the broker's URL (" + innermost(failure) + ")";
        }
        if (chain.contains("Connection refused") || chain.contains("Unable to connect to server")) {
            return "nothing answers at " + where + " (is the broker running, on this port?)";
        }
        return innermost(failure);
    }

    /** The messages of the failure and its causes, and their class names (an EOFException may have no message). */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null && all.length() < 10_000; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The deepest cause's message: the JDK's own words, after Paho's wrapping. */
    static String innermost(Throwable failure) {
        Throwable deepest = failure;
        for (int depth = 0; deepest.getCause() != null && deepest.getCause() != deepest && depth < 20; depth++) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
    }
}
