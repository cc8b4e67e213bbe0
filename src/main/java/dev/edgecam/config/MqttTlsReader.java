package dev.edgecam.config;

import dev.edgecam.events.MqttTls;
import java.net.URI;
import java.nio.file.Path;

/**
 * Reads a camera's TLS keys for its {@code mqtts://} broker: {@code mqtt_ca} (PEM CA certificates to trust instead
 * of the system's), {@code mqtt_cert} and {@code mqtt_key} (the camera's client certificate, for a broker with
 * {@code require_certificate true}). The files are read now, so a missing, unreadable or wrong one stops the load
 * (exit 78) with the line of the key it came from, rather than failing later at each connect.
 */
final class MqttTlsReader {

    static final String CA = "mqtt_ca";
    static final String CERTIFICATE = "mqtt_cert";
    static final String KEY = "mqtt_key";

    private MqttTlsReader() {
    }

    static MqttTls read(MappingReader camera, URI broker) throws ConfigException {
        Path ca = camera.path(CA);
        Path certificate = camera.path(CERTIFICATE);
        Path key = camera.path(KEY);
        checked(camera, CA, broker, ca, null, null);
        return checked(camera, certificate != null ? CERTIFICATE : KEY, broker, ca, certificate, key);
    }

    private static MqttTls checked(MappingReader camera, String blamed, URI broker, Path ca, Path certificate, Path key)
            throws ConfigException {
        try {
            return MqttTls.checked(broker, ca, certificate, key);
        } catch (IllegalArgumentException e) {
            throw camera.error(camera.lineOf(blamed), camera.pathOf(blamed), e.getMessage());
        }
    }
}
