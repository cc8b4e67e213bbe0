package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.events.MqttStatus;

/**
 * A camera's {@code mqtt} of {@code /state}: null without a broker, else where it publishes ({@code HOST:PORT}, never
 * the login), whether with TLS and trusting whom, whether connected, and why the last connect failed.
 */
final class MqttState {

    private MqttState() {
    }

    static void describeIn(ObjectNode camera, MqttStatus status) {
        if (status == null) {
            camera.putNull("mqtt");
            return;
        }
        ObjectNode node = camera.putObject("mqtt");
        node.put("broker", status.broker());
        node.put("tls", status.tls());
        node.put("trust", status.trust());
        node.put("connected", status.connected());
        node.put("failuresInARow", status.failuresInARow());
        node.put("lastError", status.lastError());
    }
}
