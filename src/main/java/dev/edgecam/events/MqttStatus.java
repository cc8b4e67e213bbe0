package dev.edgecam.events;

/**
 * A camera's connection to its MQTT broker as {@code /state} shows it; it never holds the password.
 *
 * @param broker {@code HOST:PORT}
 * @param tls whether it is reached with TLS ({@code mqtts://})
 * @param trust with TLS, whom the broker's certificate is trusted by and the client certificate; else null
 * @param connected whether it is connected now
 * @param failuresInARow failed first connects since the last success (each is tried again after a backoff)
 * @param lastError why the last connect failed or the connection was lost, saying what to do; null once connected
 */
public record MqttStatus(String broker, boolean tls, String trust, boolean connected, int failuresInARow,
                         String lastError) {
}
