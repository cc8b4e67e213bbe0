package dev.edgecam.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's events to the user's MQTT broker (Eclipse Paho), with Home Assistant's MQTT discovery so the camera
 * appears there by itself. Topics ({@code edgecam/CAMERA/...}):
 *
 * <pre>
 *   edgecam/door/availability   online | offline   (retained; offline is also the broker's last will)
 *   edgecam/door/online         ON | OFF           (retained: the source delivers pictures)
 *   edgecam/door/motion         ON | OFF           (retained: motion_start / motion_end; OFF at connect)
 *   edgecam/door/snapshot       the newest JPEG    (retained, at connect and with each event, when there is one)
 *   edgecam/door/events         one JSON per event (the fields of /events)
 *   homeassistant/binary_sensor/edgecam_door_online/config   discovery: connectivity sensor
 *   homeassistant/binary_sensor/edgecam_door_motion/config   discovery: motion sensor
 *   homeassistant/camera/edgecam_door/config                 discovery: camera (image from the snapshot topic)
 * </pre>
 *
 * <p>It connects in the background and reconnects by itself (Paho's automatic reconnect; the first connect is
 * retried the same way), sending discovery and state again at each connect; messages published while disconnected
 * wait in Paho's buffer of {@link #BUFFER_MESSAGES}. Nothing here blocks the caller: a broker that is down only
 * delays the messages.
 */
public final class MqttPublisher implements AutoCloseable {

    public static final String TOPIC_PREFIX = "edgecam";
    public static final String DISCOVERY_PREFIX = "homeassistant";
    static final int BUFFER_MESSAGES = 100;
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);

    private final String cameraId;
    private final URI broker;
    private final Supplier<Boolean> online;
    private final Supplier<byte[]> snapshot;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private volatile boolean closed;

    private MqttPublisher(String cameraId, URI broker, Supplier<Boolean> online, Supplier<byte[]> snapshot)
            throws MqttException {
        this.cameraId = cameraId;
        this.broker = broker;
        this.online = online;
        this.snapshot = snapshot;
        String server = "tcp://" + broker.getHost() + ":" + (broker.getPort() > 0 ? broker.getPort() : 1883);
        this.client = new MqttAsyncClient(server, "edgecam-" + cameraId + "-" + Long.toHexString(System.nanoTime()),
                new MemoryPersistence());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(BUFFER_MESSAGES);
        buffer.setDeleteOldestMessages(true);
        client.setBufferOpts(buffer);
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setWill(topic("availability"), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        String userInfo = broker.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            options.setUserName(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                options.setPassword(userInfo.substring(colon + 1).toCharArray());
            }
        }
    }

    /**
     * Starts connecting to {@code broker} ({@code mqtt://[USER[:PASSWORD]@]HOST[:PORT]}, port 1883 by default).
     *
     * @param online whether the camera delivers pictures now
     * @param snapshot the newest JPEG of the camera, or null when there is none
     */
    public static MqttPublisher start(String cameraId, URI broker, Supplier<Boolean> online, Supplier<byte[]> snapshot) {
        try {
            MqttPublisher publisher = new MqttPublisher(cameraId, broker, online, snapshot);
            publisher.client.setCallback(publisher.new Callback());
            publisher.connect();
            return publisher;
        } catch (MqttException e) {
            throw new IllegalArgumentException("MQTT broker " + safe(broker) + " cannot be used: " + e.getMessage(), e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // Callback.connectComplete announces the camera.
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    log.warn("MQTT: camera {}: cannot connect to {} ({}); trying again in 5 s", cameraId, safe(broker),
                            failure.getMessage());
                    retryLater();
                }
            });
        } catch (MqttException e) {
            log.warn("MQTT: camera {}: cannot connect to {} ({}); trying again in 5 s", cameraId, safe(broker),
                    e.getMessage());
            retryLater();
        }
    }

    /** Paho reconnects by itself only after a first connect succeeded; until then, this does. */
    private void retryLater() {
        Thread retry = new Thread(() -> {
            try {
                Thread.sleep(5000);
                connect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "edgecam-mqtt-retry-" + cameraId);
        retry.setDaemon(true);
        retry.start();
    }

    /** Publishes {@code event} and the state it changes; never blocks. */
    public void accept(Event event) {
        publish("events", EventJson.of(event), false);
        if (event.type().equals(EventLog.CAMERA_OFFLINE) || event.type().equals(EventLog.CAMERA_ONLINE)) {
            publish("online", onOff(event.type().equals(EventLog.CAMERA_ONLINE)), true);
        }
        if (event.type().equals(EventLog.MOTION_START) || event.type().equals(EventLog.MOTION_END)) {
            publish("motion", onOff(event.type().equals(EventLog.MOTION_START)), true);
        }
        publishSnapshot();
    }

    /** Discovery, availability and state: sent at every connect (the broker may have restarted without them). */
    private void announce() {
        Map<String, String> device = new LinkedHashMap<>();
        device.put("identifiers", "edgecam_" + cameraId);
        device.put("name", "edgecam " + cameraId);
        device.put("manufacturer", "edgecam");
        Map<String, Map<String, String>> nested = Map.of("device", device);
        publishDiscovery("binary_sensor", "online", nested, "connectivity", topic("online"));
        publishDiscovery("binary_sensor", "motion", nested, "motion", topic("motion"));
        Map<String, String> camera = new LinkedHashMap<>();
        camera.put("name", cameraId);
        camera.put("unique_id", "edgecam_" + cameraId);
        camera.put("topic", topic("snapshot"));
        camera.put("availability_topic", topic("availability"));
        publishRaw(DISCOVERY_PREFIX + "/camera/edgecam_" + cameraId + "/config", EventJson.object(camera, nested), true);
        publish("availability", "online".getBytes(StandardCharsets.UTF_8), true);
        publish("online", onOff(online.get()), true);
        publish("motion", onOff(false), true);
        publishSnapshot();
    }

    private void publishDiscovery(String component, String what, Map<String, Map<String, String>> nested,
                                  String deviceClass, String stateTopic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", cameraId + " " + what);
        config.put("unique_id", "edgecam_" + cameraId + "_" + what);
        config.put("device_class", deviceClass);
        config.put("state_topic", stateTopic);
        config.put("availability_topic", topic("availability"));
        publishRaw(DISCOVERY_PREFIX + "/" + component + "/edgecam_" + cameraId + "_" + what + "/config",
                EventJson.object(config, nested), true);
    }

    private void publishSnapshot() {
        byte[] jpeg = snapshot.get();
        if (jpeg != null) {
            publish("snapshot", jpeg, true);
        }
    }

    private void publish(String subtopic, byte[] payload, boolean retained) {
        publishRaw(topic(subtopic), payload, retained);
    }

    private void publishRaw(String topic, byte[] payload, boolean retained) {
        if (closed) {
            return;
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            message.setRetained(retained);
            client.publish(topic, message);
        } catch (MqttException e) {
            log.warn("MQTT: camera {}: {} not published: {}", cameraId, topic, e.getMessage());
        }
    }

    private String topic(String subtopic) {
        return TOPIC_PREFIX + "/" + cameraId + "/" + subtopic;
    }

    private static byte[] onOff(boolean on) {
        return (on ? "ON" : "OFF").getBytes(StandardCharsets.UTF_8);
    }

    /** The broker's address without its password, for logs. */
    private static String safe(URI broker) {
        return broker.getHost() + (broker.getPort() > 0 ? ":" + broker.getPort() : "");
    }

    /** Says {@code offline}, disconnects and stops reconnecting; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (client.isConnected()) {
                publish("availability", "offline".getBytes(StandardCharsets.UTF_8), true);
                closed = true;
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.debug("MQTT: camera {}: disconnect: {}", cameraId, e.getMessage());
        } finally {
            closed = true;
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("MQTT: camera {}: close: {}", cameraId, e.getMessage());
            }
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            log.info("MQTT: camera {}: {} {}", cameraId, reconnect ? "reconnected to" : "connected to", safe(broker));
            announce();
        }

        @Override
        public void connectionLost(Throwable cause) {
            log.warn("MQTT: camera {}: lost {} ({}); reconnecting", cameraId, safe(broker),
                    cause == null ? "closed" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // it subscribes to nothing
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            // QoS 1: nothing to do
        }
    }
}
